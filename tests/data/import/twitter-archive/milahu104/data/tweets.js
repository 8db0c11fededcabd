window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2029604193200152772"
          ],
          "editableUntil" : "2026-03-05T18:05:22.538Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "user_mentions" : [
          {
            "name" : "Stephan Palm",
            "screen_name" : "StephanRPalm",
            "indices" : [
              "3",
              "16"
            ],
            "id_str" : "1750816407195959296",
            "id" : "1750816407195959296"
          },
          {
            "name" : "CDU Deutschlands",
            "screen_name" : "CDU",
            "indices" : [
              "18",
              "22"
            ],
            "id_str" : "20429858",
            "id" : "20429858"
          }
        ],
        "urls" : [ ],
        "symbols" : [ ],
        "media" : [
          {
            "expanded_url" : "https://x.com/StephanRPalm/status/2029498595309715652/photo/1",
            "source_status_id" : "2029498595309715652",
            "indices" : [
              "77",
              "100"
            ],
            "url" : "https://t.co/en3wgkcbae",
            "media_url" : "http://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "id_str" : "2029498041577979904",
            "source_user_id" : "1750816407195959296",
            "id" : "2029498041577979904",
            "media_url_https" : "https://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "source_user_id_str" : "1750816407195959296",
            "sizes" : {
              "small" : {
                "w" : "542",
                "h" : "680",
                "resize" : "fit"
              },
              "large" : {
                "w" : "718",
                "h" : "900",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "medium" : {
                "w" : "718",
                "h" : "900",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "source_status_id_str" : "2029498595309715652",
            "display_url" : "pic.x.com/en3wgkcbae"
          }
        ],
        "hashtags" : [ ]
      },
      "display_text_range" : [
        "0",
        "100"
      ],
      "favorite_count" : "0",
      "id_str" : "2029604193200152772",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2029604193200152772",
      "possibly_sensitive" : false,
      "created_at" : "Thu Mar 05 17:05:22 +0000 2026",
      "favorited" : false,
      "full_text" : "RT @StephanRPalm: @CDU Das hier ist der Grund für die schwindende Akzeptanz. https://t.co/en3wgkcbae",
      "lang" : "de",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/StephanRPalm/status/2029498595309715652/photo/1",
            "source_status_id" : "2029498595309715652",
            "indices" : [
              "77",
              "100"
            ],
            "url" : "https://t.co/en3wgkcbae",
            "media_url" : "http://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "id_str" : "2029498041577979904",
            "source_user_id" : "1750816407195959296",
            "id" : "2029498041577979904",
            "media_url_https" : "https://pbs.twimg.com/media/HCo5t1CbQAA4FOT.jpg",
            "source_user_id_str" : "1750816407195959296",
            "sizes" : {
              "small" : {
                "w" : "542",
                "h" : "680",
                "resize" : "fit"
              },
              "large" : {
                "w" : "718",
                "h" : "900",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "medium" : {
                "w" : "718",
                "h" : "900",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "source_status_id_str" : "2029498595309715652",
            "display_url" : "pic.x.com/en3wgkcbae"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028162593630679311"
          ],
          "editableUntil" : "2026-03-01T18:36:58.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Zertifikatsmaurer Aron Pielka",
            "screen_name" : "shlomo96",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1592241843453952003",
            "id" : "1592241843453952003"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "225"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2028162538240614498",
      "id_str" : "2028162593630679311",
      "in_reply_to_user_id" : "1964312974236991488",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028162593630679311",
      "in_reply_to_status_id" : "2028162538240614498",
      "created_at" : "Sun Mar 01 17:36:58 +0000 2026",
      "favorited" : false,
      "full_text" : "@shlomo96 ... sondern auch durch Zustellungs-Filter, so dass Emails gar nicht zugestellt werden. Weil wer kontrolliert das schon? Man bräuchte ja einen zweiten Kanal (Telefon oder Chat) zur Kontrolle der Email-Zustellung. ...",
      "lang" : "de",
      "in_reply_to_screen_name" : "milahu104",
      "in_reply_to_user_id_str" : "1964312974236991488"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2028068929659441155"
          ],
          "editableUntil" : "2026-03-01T12:24:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Andrew Bridgen",
            "screen_name" : "ABridgen",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "309587728",
            "id" : "309587728"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/GEjoGUtivZ",
            "expanded_url" : "https://x.com/i/status/2026695490616611094",
            "display_url" : "x.com/i/status/20266…",
            "indices" : [
              "10",
              "33"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "33"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "2027804684879380667",
      "id_str" : "2028068929659441155",
      "in_reply_to_user_id" : "309587728",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2028068929659441155",
      "in_reply_to_status_id" : "2027804684879380667",
      "possibly_sensitive" : false,
      "created_at" : "Sun Mar 01 11:24:47 +0000 2026",
      "favorited" : false,
      "full_text" : "@ABridgen https://t.co/GEjoGUtivZ",
      "lang" : "qme",
      "in_reply_to_screen_name" : "ABridgen",
      "in_reply_to_user_id_str" : "309587728"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2026937782078419018"
          ],
          "editableUntil" : "2026-02-26T09:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Thomas Massie",
            "screen_name" : "RepThomasMassie",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "975200486",
            "id" : "975200486"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/c2sJ1rGRV8",
            "expanded_url" : "https://x.com/SamaHoole/status/2026278299349954584",
            "display_url" : "x.com/SamaHoole/stat…",
            "indices" : [
              "53",
              "76"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "76"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2026386556072685678",
      "id_str" : "2026937782078419018",
      "in_reply_to_user_id" : "975200486",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2026937782078419018",
      "in_reply_to_status_id" : "2026386556072685678",
      "possibly_sensitive" : false,
      "created_at" : "Thu Feb 26 08:30:00 +0000 2026",
      "favorited" : false,
      "full_text" : "@RepThomasMassie its the DDT playbook all over again\nhttps://t.co/c2sJ1rGRV8",
      "lang" : "en",
      "in_reply_to_screen_name" : "RepThomasMassie",
      "in_reply_to_user_id_str" : "975200486"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2024773764576059625"
          ],
          "editableUntil" : "2026-02-20T10:10:58.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "henning rosenbusch",
            "screen_name" : "rosenbusch_",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1314116355197743105",
            "id" : "1314116355197743105"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "63"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2024577727748088083",
      "id_str" : "2024773764576059625",
      "in_reply_to_user_id" : "1314116355197743105",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2024773764576059625",
      "in_reply_to_status_id" : "2024577727748088083",
      "created_at" : "Fri Feb 20 09:10:58 +0000 2026",
      "favorited" : false,
      "full_text" : "@rosenbusch_ idioten in machtpositionen, jedes verfickte mal...",
      "lang" : "de",
      "in_reply_to_screen_name" : "rosenbusch_",
      "in_reply_to_user_id_str" : "1314116355197743105"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2024770905415573725"
          ],
          "editableUntil" : "2026-02-20T09:59:36.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sama Hoole",
            "screen_name" : "SamaHoole",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "2253756806",
            "id" : "2253756806"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "2024769507634360660",
      "id_str" : "2024770905415573725",
      "in_reply_to_user_id" : "2253756806",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2024770905415573725",
      "in_reply_to_status_id" : "2024769507634360660",
      "created_at" : "Fri Feb 20 08:59:36 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamaHoole actually resilent food systems are based on weeds that also grow in bad weather",
      "lang" : "en",
      "in_reply_to_screen_name" : "SamaHoole",
      "in_reply_to_user_id_str" : "2253756806"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2024767818445504644"
          ],
          "editableUntil" : "2026-02-20T09:47:20.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Grok",
            "screen_name" : "grok",
            "indices" : [
              "0",
              "5"
            ],
            "id_str" : "1720665183188922368",
            "id" : "1720665183188922368"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "82"
      ],
      "favorite_count" : "0",
      "id_str" : "2024767818445504644",
      "in_reply_to_user_id" : "1720665183188922368",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2024767818445504644",
      "created_at" : "Fri Feb 20 08:47:20 +0000 2026",
      "favorited" : false,
      "full_text" : "@grok why did twitter shadowban my account?\n\nwhich of my comments were \"too much\"?",
      "lang" : "en",
      "in_reply_to_screen_name" : "grok",
      "in_reply_to_user_id_str" : "1720665183188922368"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2024580369836568767"
          ],
          "editableUntil" : "2026-02-19T21:22:29.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Aya Velázquez",
            "screen_name" : "aya_velazquez",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "1139480068428828673",
            "id" : "1139480068428828673"
          },
          {
            "name" : "Tilo Jung",
            "screen_name" : "TiloJung",
            "indices" : [
              "15",
              "24"
            ],
            "id_str" : "15903326",
            "id" : "15903326"
          },
          {
            "name" : "Florian Warweg",
            "screen_name" : "FWarweg",
            "indices" : [
              "25",
              "33"
            ],
            "id_str" : "1116719567034814464",
            "id" : "1116719567034814464"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "127"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "2024507751838208479",
      "id_str" : "2024580369836568767",
      "in_reply_to_user_id" : "1139480068428828673",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2024580369836568767",
      "in_reply_to_status_id" : "2024507751838208479",
      "created_at" : "Thu Feb 19 20:22:29 +0000 2026",
      "favorited" : false,
      "full_text" : "@aya_velazquez @TiloJung @FWarweg emosprache. buzzwords ohne inhalt.\nwelche propaganda?\npropaganda für wen? AFD? putin? aliens?",
      "lang" : "de",
      "in_reply_to_screen_name" : "aya_velazquez",
      "in_reply_to_user_id_str" : "1139480068428828673"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2011883284482207917"
          ],
          "editableUntil" : "2026-01-15T20:28:48.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "user_mentions" : [ ],
        "urls" : [ ],
        "symbols" : [ ],
        "media" : [
          {
            "expanded_url" : "https://x.com/milahu104/status/2011883284482207917/photo/1",
            "indices" : [
              "280",
              "303"
            ],
            "url" : "https://t.co/Omz3wdxieQ",
            "media_url" : "http://pbs.twimg.com/tweet_video_thumb/G-ulHZgW0AE_yfP.jpg",
            "id_str" : "2011883205075324929",
            "id" : "2011883205075324929",
            "media_url_https" : "https://pbs.twimg.com/tweet_video_thumb/G-ulHZgW0AE_yfP.jpg",
            "sizes" : {
              "large" : {
                "w" : "640",
                "h" : "360",
                "resize" : "fit"
              },
              "small" : {
                "w" : "640",
                "h" : "360",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "medium" : {
                "w" : "640",
                "h" : "360",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Omz3wdxieQ"
          }
        ],
        "hashtags" : [
          {
            "text" : "RechterTerroranschlag",
            "indices" : [
              "4",
              "26"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "303"
      ],
      "favorite_count" : "0",
      "id_str" : "2011883284482207917",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2011883284482207917",
      "possibly_sensitive" : false,
      "created_at" : "Thu Jan 15 19:28:48 +0000 2026",
      "favorited" : false,
      "full_text" : "ein #RechterTerroranschlag auf die infrastruktur würde so aussehen: die rechten terroristen trennen große gasverbraucher vom gasnetz, damit die energieversorgung für kleine verbraucher stabil bleibt über den winter. kein schadensersatz für große gasverbraucher weil höhere gewalt https://t.co/Omz3wdxieQ",
      "lang" : "de",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/milahu104/status/2011883284482207917/photo/1",
            "indices" : [
              "280",
              "303"
            ],
            "url" : "https://t.co/Omz3wdxieQ",
            "media_url" : "http://pbs.twimg.com/tweet_video_thumb/G-ulHZgW0AE_yfP.jpg",
            "id_str" : "2011883205075324929",
            "video_info" : {
              "aspect_ratio" : [
                "16",
                "9"
              ],
              "variants" : [
                {
                  "bitrate" : "0",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/tweet_video/G-ulHZgW0AE_yfP.mp4"
                }
              ]
            },
            "id" : "2011883205075324929",
            "media_url_https" : "https://pbs.twimg.com/tweet_video_thumb/G-ulHZgW0AE_yfP.jpg",
            "sizes" : {
              "large" : {
                "w" : "640",
                "h" : "360",
                "resize" : "fit"
              },
              "small" : {
                "w" : "640",
                "h" : "360",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "medium" : {
                "w" : "640",
                "h" : "360",
                "resize" : "fit"
              }
            },
            "type" : "animated_gif",
            "display_url" : "pic.x.com/Omz3wdxieQ"
          }
        ]
      }
    }
  }
]
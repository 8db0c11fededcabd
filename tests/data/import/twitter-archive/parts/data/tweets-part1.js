window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "id_str" : "1680000000000000003",
      "created_at" : "Tue Jul 04 12:00:00 +0000 2023",
      "full_text" : "so true https://t.co/abc",
      "entities" : {
        "user_mentions" : [ ],
        "urls" : [
          { "url" : "https://t.co/abc", "expanded_url" : "https://twitter.com/Carol/status/1670000000000000000", "display_url" : "twitter.com/Carol/status/1…", "indices" : [ "8", "24" ] }
        ]
      }
    }
  },
  {
    "tweet" : {
      "id_str" : "1680000000000000002",
      "created_at" : "Mon Jul 03 12:00:00 +0000 2023",
      "full_text" : "@alice and a thread, see https://t.co/def",
      "in_reply_to_user_id_str" : "9007199254740993",
      "in_reply_to_screen_name" : "alice",
      "entities" : {
        "user_mentions" : [
          { "id_str" : "9007199254740993", "screen_name" : "alice", "name" : "Alice", "indices" : [ "0", "6" ] }
        ],
        "urls" : [
          { "url" : "https://t.co/def", "expanded_url" : "https://x.com/someone/status/1660000000000000000", "indices" : [ "25", "41" ] }
        ]
      }
    }
  },
  {
    "tweet" : {
      "id_str" : "1680000000000000001",
      "created_at" : "Sun Jul 02 12:00:00 +0000 2023",
      "full_text" : "@carolold old handle",
      "entities" : {
        "user_mentions" : [
          { "id_str" : "9007199254740997", "screen_name" : "carolold", "name" : "Carol (old)", "indices" : [ "0", "9" ] }
        ],
        "urls" : [ ]
      }
    }
  }
]

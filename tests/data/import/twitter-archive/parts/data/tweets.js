window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "1690000000000000003",
      "id" : "1690000000000000003",
      "created_at" : "Sat Aug 12 16:10:37 +0000 2023",
      "full_text" : "@bob hi &amp; thanks, cc @carol and again @bob",
      "in_reply_to_status_id_str" : "1689999999999999999",
      "in_reply_to_user_id_str" : "9007199254740995",
      "in_reply_to_screen_name" : "bob",
      "entities" : {
        "user_mentions" : [
          { "id_str" : "9007199254740995", "id" : "9007199254740995", "screen_name" : "bob", "name" : "Bob", "indices" : [ "0", "4" ] },
          { "id_str" : "9007199254740997", "id" : "9007199254740997", "screen_name" : "carol", "name" : "Carol", "indices" : [ "25", "31" ] },
          { "id_str" : "9007199254740995", "id" : "9007199254740995", "screen_name" : "bob", "name" : "Bob", "indices" : [ "42", "46" ] }
        ],
        "urls" : [ ],
        "hashtags" : [ ]
      },
      "retweet_count" : "0",
      "favorite_count" : "1",
      "retweeted" : false,
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "id_str" : "1690000000000000002",
      "created_at" : "Fri Aug 11 09:00:00 +0000 2023",
      "full_text" : "RT @carol: lunch with @dave",
      "entities" : {
        "user_mentions" : [
          { "id_str" : "9007199254740997", "screen_name" : "carol", "name" : "Carol", "indices" : [ "3", "9" ] },
          { "id_str" : "9007199254740999", "screen_name" : "dave", "name" : "Dave", "indices" : [ "22", "27" ] }
        ],
        "urls" : [ ]
      },
      "retweeted" : false
    }
  },
  {
    "tweet" : {
      "id_str" : "1690000000000000001",
      "created_at" : "Mon Jul 31 23:59:59 +0000 2023",
      "full_text" : "first post",
      "entities" : { "user_mentions" : [ ], "urls" : [ ] }
    }
  }
]

window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "1700000000000000001",
      "created_at" : "Fri Sep 01 08:00:00 +0000 2023",
      "full_text" : "fine",
      "entities" : { "user_mentions" : [ ], "urls" : [ ] }
    }
  },
  {
    "tweet" : {
      "created_at" : "Fri Sep 01 09:00:00 +0000 2023",
      "full_text" : "this record has no id",
      "entities" : { "user_mentions" : [ ], "urls" : [ ] }
    }
  }
]

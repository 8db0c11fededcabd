window.YTD.tweet.part0 = [ {
  "retweeted" : false,
  "id_str" : "1100000000000000001",
  "created_at" : "Thu Feb 28 08:30:00 +0000 2019",
  "full_text" : "@frank morning",
  "in_reply_to_user_id_str" : "43",
  "in_reply_to_screen_name" : "frank",
  "entities" : {
    "user_mentions" : [ { "id_str" : "43", "screen_name" : "frank", "name" : "Frank", "indices" : [ "0", "6" ] } ],
    "urls" : [ ]
  }
} ]

window.YTD.follower.part0 = [ {
  "follower" : {
    "accountId" : "42",
    "userLink" : "https://twitter.com/intent/user?user_id=42"
  }
} ]

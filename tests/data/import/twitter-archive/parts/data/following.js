window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "9007199254740995",
      "userLink" : "https://twitter.com/intent/user?user_id=9007199254740995"
    }
  },
  {
    "following" : {
      "accountId" : "77",
      "userLink" : "https://twitter.com/intent/user?user_id=77"
    }
  }
]

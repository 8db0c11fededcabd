window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "2027445139539693568",
      "userLink" : "https://twitter.com/intent/user?user_id=2027445139539693568"
    }
  },
  {
    "follower" : {
      "accountId" : "1247713933",
      "userLink" : "https://twitter.com/intent/user?user_id=1247713933"
    }
  },
  {
    "follower" : {
      "accountId" : "4215226515",
      "userLink" : "https://twitter.com/intent/user?user_id=4215226515"
    }
  }
]
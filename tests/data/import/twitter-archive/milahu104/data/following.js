window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "795566583003353088",
      "userLink" : "https://twitter.com/intent/user?user_id=795566583003353088"
    }
  },
  {
    "following" : {
      "accountId" : "1518868320497319941",
      "userLink" : "https://twitter.com/intent/user?user_id=1518868320497319941"
    }
  },
  {
    "following" : {
      "accountId" : "724758644655427584",
      "userLink" : "https://twitter.com/intent/user?user_id=724758644655427584"
    }
  }
]
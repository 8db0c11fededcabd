window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "alice@example.org",
      "createdVia" : "web",
      "username" : "alice",
      "accountId" : "9007199254740993",
      "createdAt" : "2015-03-01T10:00:00.000Z",
      "accountDisplayName" : "Alice"
    }
  }
]

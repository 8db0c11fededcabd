window.YTD.account.part0 = [ {
  "account" : {
    "username" : "erin",
    "accountId" : "1234567890123456789",
    "accountDisplayName" : "Erin"
  }
} ]

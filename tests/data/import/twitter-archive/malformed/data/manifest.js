window.__THAR_CONFIG = {
  "userInfo" : { "accountId" : "5", "userName" : "gina", "displayName" : "Gina" },
  "archiveInfo" : { "generationDate" : "2023-09-01T00:00:00.000Z" },
  "dataTypes" : {
    "tweets" : { "files" : [ { "fileName" : "data/tweets.js", "globalName" : "YTD.tweets.part0", "count" : "2" } ] }
  }
}

window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "1690000000000000900",
      "fullText" : "a liked tweet: its author is not in the archive",
      "expandedUrl" : "https://twitter.com/i/web/status/1690000000000000900"
    }
  }
]

"""The sample content of a new project, as ``sitegen init`` writes it.

Two monthly snapshots of a made-up network of twelve accounts, chosen so that every way of
use appears with the default ``analysis`` settings: broadcasters (riverside_news,
weather_daily), reciprocators (ana_k, ben_t, chloe_m, dev_r), consumers (elif_s, fatima_b,
gus_w) and dormant accounts (hana_o, ivan_p, jo_l). In February elif_s starts replying,
hana_o follows more accounts and riverside_news gains followers.
"""

from __future__ import annotations

SAMPLE_NETWORK = "sample"  # the sample snapshots' network (a series mixing it is warned of)

SNAPSHOT_JANUARY = """\
# A sample snapshot: one month of a small, made-up network. Replace it with your own, a
# folder of CSV files or a .yml file like this one (the format: snapshots.md in sitegen's guide).
taken: 2024-01-31
network: sample
window_days: 31
accounts:
  - {id: 101, handle: riverside_news, followers_count: 320, following_count: 12, age_band: 35-49}
  - {id: 102, handle: weather_daily, followers_count: 150, following_count: 4, age_band: 35-49}
  - {id: 103, handle: ana_k, followers_count: 42, following_count: 38, age_band: 25-34}
  - {id: 104, handle: ben_t, followers_count: 35, following_count: 30, age_band: 25-34}
  - {id: 105, handle: chloe_m, followers_count: 28, following_count: 33, age_band: 18-24}
  - {id: 106, handle: dev_r, followers_count: 25, following_count: 27, age_band: 18-24}
  - {id: 107, handle: elif_s, followers_count: 6, following_count: 45, age_band: 18-24}
  - {id: 108, handle: fatima_b, followers_count: 3, following_count: 28, age_band: 50-64}
  - {id: 109, handle: gus_w, followers_count: 4, following_count: 17, age_band: 50-64}
  - {id: 110, handle: hana_o, followers_count: 2, following_count: 3, age_band: 35-49}
  - {id: 111, handle: ivan_p, followers_count: 1, following_count: 1, age_band: 50-64}
  - {id: 112, handle: jo_l, followers_count: 0, following_count: 0, age_band: 25-34}
follows:
  # the reciprocators follow each other
  - {follower: 103, followed: 104}
  - {follower: 104, followed: 103}
  - {follower: 103, followed: 105}
  - {follower: 105, followed: 103}
  - {follower: 103, followed: 106}
  - {follower: 106, followed: 103}
  - {follower: 104, followed: 106}
  - {follower: 106, followed: 104}
  - {follower: 105, followed: 106}
  - {follower: 106, followed: 105}
  # everybody follows the news; it follows back only ana_k
  - {follower: 103, followed: 101}
  - {follower: 101, followed: 103}
  - {follower: 104, followed: 101}
  - {follower: 107, followed: 101}
  - {follower: 108, followed: 101}
  - {follower: 109, followed: 101}
  - {follower: 110, followed: 101}
  - {follower: 111, followed: 101}
  - {follower: 101, followed: 102}
  - {follower: 107, followed: 102}
  - {follower: 108, followed: 102}
  # the consumers follow the active accounts
  - {follower: 107, followed: 103}
  - {follower: 107, followed: 104}
  - {follower: 107, followed: 105}
  - {follower: 108, followed: 103}
  - {follower: 109, followed: 104}
  - {follower: 109, followed: 105}
interactions:
  - {source: 103, target: 104, kind: reply, at: "2024-01-04T09:12:00"}
  - {source: 104, target: 103, kind: reply, at: "2024-01-04T10:02:00"}
  - {source: 103, target: 105, kind: reply, at: "2024-01-09T18:40:00", count: 2}
  - {source: 105, target: 103, kind: like, at: "2024-01-09T19:05:00"}
  - {source: 104, target: 106, kind: reply, at: "2024-01-15T12:30:00"}
  - {source: 106, target: 104, kind: reply, at: "2024-01-15T13:01:00"}
  - {source: 105, target: 106, kind: mention, at: "2024-01-20T08:45:00"}
  - {source: 106, target: 105, kind: reply, at: "2024-01-20T09:10:00"}
  - {source: 103, target: 101, kind: repost, at: "2024-01-22T07:30:00"}
  - {source: 102, target: 101, kind: repost, at: "2024-01-23T06:00:00"}
  - {source: 107, target: 101, kind: like, at: "2024-01-23T21:14:00"}
  - {source: 109, target: 101, kind: like, at: "2024-01-24T08:03:00"}
  - {source: 109, target: 104, kind: like, at: "2024-01-26T17:44:00"}
posts:
  - {author: 101, at: "2024-01-03T07:00:00"}
  - {author: 101, at: "2024-01-10T07:00:00"}
  - {author: 101, at: "2024-01-17T07:00:00"}
  - {author: 101, at: "2024-01-22T07:00:00"}
  - {author: 101, at: "2024-01-29T07:00:00"}
  - {author: 102, at: "2024-01-02T06:00:00"}
  - {author: 102, at: "2024-01-09T06:00:00"}
  - {author: 102, at: "2024-01-16T06:00:00"}
  - {author: 102, at: "2024-01-23T06:00:00"}
  - {author: 103, at: "2024-01-04T08:55:00"}
  - {author: 103, at: "2024-01-21T19:20:00"}
  - {author: 104, at: "2024-01-11T12:00:00"}
  - {author: 104, at: "2024-01-25T16:30:00"}
  - {author: 105, at: "2024-01-09T18:00:00"}
  - {author: 106, at: "2024-01-15T12:10:00"}
"""

SNAPSHOT_FEBRUARY = """\
# The same sample network a month later (a second snapshot makes a series: charts over time,
# who changed their way of use, and the follower audit).
taken: 2024-02-29
network: sample
window_days: 29
accounts:
  - {id: 101, handle: riverside_news, followers_count: 365, following_count: 12, age_band: 35-49}
  - {id: 102, handle: weather_daily, followers_count: 152, following_count: 4, age_band: 35-49}
  - {id: 103, handle: ana_k, followers_count: 44, following_count: 38, age_band: 25-34}
  - {id: 104, handle: ben_t, followers_count: 36, following_count: 31, age_band: 25-34}
  - {id: 105, handle: chloe_m, followers_count: 29, following_count: 33, age_band: 18-24}
  - {id: 106, handle: dev_r, followers_count: 25, following_count: 27, age_band: 18-24}
  - {id: 107, handle: elif_s, followers_count: 9, following_count: 46, age_band: 18-24}
  - {id: 108, handle: fatima_b, followers_count: 3, following_count: 29, age_band: 50-64}
  - {id: 109, handle: gus_w, followers_count: 4, following_count: 17, age_band: 50-64}
  - {id: 110, handle: hana_o, followers_count: 2, following_count: 12, age_band: 35-49}
  - {id: 111, handle: ivan_p, followers_count: 1, following_count: 1, age_band: 50-64}
  - {id: 112, handle: jo_l, followers_count: 0, following_count: 0, age_band: 25-34}
follows:
  - {follower: 103, followed: 104}
  - {follower: 104, followed: 103}
  - {follower: 103, followed: 105}
  - {follower: 105, followed: 103}
  - {follower: 103, followed: 106}
  - {follower: 106, followed: 103}
  - {follower: 104, followed: 106}
  - {follower: 106, followed: 104}
  - {follower: 105, followed: 106}
  - {follower: 106, followed: 105}
  - {follower: 103, followed: 101}
  - {follower: 101, followed: 103}
  - {follower: 104, followed: 101}
  - {follower: 107, followed: 101}
  - {follower: 108, followed: 101}
  - {follower: 109, followed: 101}
  - {follower: 110, followed: 101}
  - {follower: 111, followed: 101}
  - {follower: 101, followed: 102}
  - {follower: 107, followed: 102}
  - {follower: 108, followed: 102}
  - {follower: 110, followed: 102}
  - {follower: 107, followed: 103}
  - {follower: 107, followed: 104}
  - {follower: 107, followed: 105}
  - {follower: 108, followed: 103}
  - {follower: 109, followed: 104}
  - {follower: 109, followed: 105}
  # elif_s and ana_k now follow each other
  - {follower: 103, followed: 107}
interactions:
  - {source: 103, target: 104, kind: reply, at: "2024-02-02T09:30:00"}
  - {source: 104, target: 103, kind: reply, at: "2024-02-02T11:00:00"}
  - {source: 103, target: 105, kind: quote, at: "2024-02-07T20:15:00"}
  - {source: 105, target: 103, kind: reply, at: "2024-02-07T20:40:00"}
  - {source: 104, target: 106, kind: reply, at: "2024-02-12T12:05:00"}
  - {source: 106, target: 104, kind: like, at: "2024-02-12T12:20:00"}
  - {source: 105, target: 106, kind: reply, at: "2024-02-18T08:00:00"}
  - {source: 106, target: 105, kind: reply, at: "2024-02-18T08:30:00"}
  - {source: 107, target: 103, kind: reply, at: "2024-02-19T21:00:00"}
  - {source: 103, target: 107, kind: reply, at: "2024-02-19T21:20:00"}
  - {source: 107, target: 103, kind: like, at: "2024-02-20T07:45:00"}
  - {source: 107, target: 105, kind: mention, at: "2024-02-21T18:10:00"}
  - {source: 102, target: 101, kind: repost, at: "2024-02-22T06:00:00"}
  - {source: 109, target: 101, kind: like, at: "2024-02-23T08:00:00"}
posts:
  - {author: 101, at: "2024-02-01T07:00:00"}
  - {author: 101, at: "2024-02-08T07:00:00"}
  - {author: 101, at: "2024-02-15T07:00:00"}
  - {author: 101, at: "2024-02-22T07:00:00"}
  - {author: 102, at: "2024-02-06T06:00:00"}
  - {author: 102, at: "2024-02-13T06:00:00"}
  - {author: 102, at: "2024-02-20T06:00:00"}
  - {author: 102, at: "2024-02-27T06:00:00"}
  - {author: 103, at: "2024-02-02T09:00:00"}
  - {author: 103, at: "2024-02-16T17:45:00"}
  - {author: 104, at: "2024-02-09T13:00:00"}
  - {author: 105, at: "2024-02-07T19:30:00"}
  - {author: 106, at: "2024-02-12T11:50:00"}
  - {author: 107, at: "2024-02-19T20:30:00"}
"""

WELCOME_POST = """\
---
title: "Welcome to the report"
date: {today}
tags: [overview]
summary: "What this report shows, on a small sample network."
---
This report follows a small sample network over two monthly snapshots. Replace the files in
`content/snapshots/` with your own, and this post with your own words.

In the latest snapshot, the share of follows that are returned (the network's follow
reciprocity) is [[figure:reciprocity]]. Each account is given one way of use: it reads
(consumer), talks back (reciprocator), speaks to an audience (broadcaster), or hardly uses the
network (dormant).

[[chart:class-mix]]

Write a new post with `sitegen new post "TITLE"`, preview the site with `sitegen serve`, and
check everything with `sitegen check`.
"""

ABOUT_PAGE = """\
---
title: About
order: 1
---
This site is a report on a social network, made with **sitegen** from snapshots of who
follows whom, who interacts with whom, and who posts. Say here who made it, where the data
comes from, and how the people in it were asked or protected.
"""

GITIGNORE = """\
# the built site and sitegen's working files: rebuilt from the project at any time
output/
.sitegen-cache/
.sitegen-build-*
.sitegen-open-data-*
"""

PAGES_WORKFLOW = """\
# Build the report with sitegen and publish it with GitHub Pages.
# Once: in the repository, Settings -> Pages -> Build and deployment -> Source: GitHub Actions.
name: Publish the report

on:
  push:
    branches: [main]
  workflow_dispatch:            # a "Run workflow" button

permissions:
  contents: read                # check out the repository
  pages: write                  # publish to GitHub Pages
  id-token: write               # prove to Pages that this workflow is allowed to

concurrency:
  group: pages                  # one publication at a time
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # The sitegen release that started this project, from PyPI, where it is called
      # sitegen-reports (`pip install sitegen` installs an unrelated program). Pinned, so that
      # the site builds the same until you change the version here, after trying it locally.
      - name: Install sitegen
        run: python -m pip install "{requirement}"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build the site for the address Pages serves it at
        run: sitegen build --url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

"""What posts are for, on the site: the commerce chart drawn only with post text, the
account page's share and example posts (escaped, and left out under pseudonyms), and the
share beside an audit flag's evidence."""

from __future__ import annotations

import html

import pytest
from test_partial_data_site import assert_drawn, assert_not_drawn, build, figure_list, read

from sitegen.check import check_project

SETTINGS = """
    site:
      title: Purposes
      account_pages: 20
"""
ACCOUNTS = """
    id,handle
    shop,shop
    ana,ana
    ben,ben
"""
FOLLOWS = """
    follower,followed
    ana,shop
    ben,shop
    ana,ben
    ben,ana
"""
HOSTILE = "<script>alert(1)</script> Buy now at the <b>shop</b>"
POSTS = f"""
    author,at,text
    shop,2024-03-10,"{HOSTILE}"
    shop,2024-03-11,Spring sale: 30% off everything
    shop,2024-03-12,We open at nine
    ana,2024-03-12,@ben thanks for the tip!
    ben,2024-03-13,Anyone going to the market on Saturday?
"""


def project(posts: str = POSTS, settings: str = SETTINGS) -> dict[str, str]:
    return {"sitegen.yml": settings, "content/snapshots/2024-03/snapshot.yml": "taken: 2024-03-31",
            "content/snapshots/2024-03/accounts.csv": ACCOUNTS,
            "content/snapshots/2024-03/follows.csv": FOLLOWS,
            "content/snapshots/2024-03/posts.csv": posts}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("purpose") / "project", project())


def test_the_commerce_chart_is_drawn_with_post_text(site):
    page = read(site, "snapshots/2024-03/index.html")
    assert_drawn(page, "commerce-2024-03")
    assert "promotional 67%" in html.unescape(page)  # the shop's 2 of 3, in the summary


def test_the_account_page_shows_the_share_and_escaped_examples(site):
    page = read(site, "accounts/shop/index.html")
    assert figure_list(page)["Promotional posts"] == "67%"
    assert "2 of 3 posts with text promotional (67%)" in html.unescape(page)
    assert "<script>alert(1)" not in page and "<b>shop</b>" not in page
    assert html.escape(HOSTILE, quote=False) in page
    # a single post is too few for a share (it was "0%", and another's one advert "100%")
    ana = read(site, "accounts/ana/index.html")
    assert figure_list(ana)["Promotional posts"] == "not measured"
    assert "0 of 1 posts with text promotional (0%); 1 conversational, 0 other; too few " \
        "posts read for a share (fewer than 3)" in html.unescape(ana)


def test_without_post_text_the_chart_is_not_drawn(tmp_path):
    posts = "author,at\nshop,2024-03-10\nana,2024-03-12\n"
    output = build(tmp_path / "project", project(posts))
    assert_not_drawn(read(output, "snapshots/2024-03/index.html"), "commerce-2024-03",
                     "text of posts")
    assert figure_list(read(output, "accounts/shop/index.html"))["Promotional posts"] == \
        "not measured"


def test_no_example_posts_under_pseudonyms(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "k" * 32)
    settings = SETTINGS + "    privacy:\n      pseudonymize: true\n"
    output = build(tmp_path / "project", project(settings=settings))
    pages = [p.read_text("utf-8") for p in (output / "accounts").rglob("index.html")]
    assert pages and not any("promotional-examples" in p for p in pages)
    assert not any("Spring sale" in p for p in pages)


def test_a_post_embeds_the_commerce_chart_of_the_attribute_it_names(tmp_path):
    """``attribute=COLUMN`` picks the group (docs/writing.md); the option was refused by both
    build and check as unknown."""
    files = project()
    files["content/snapshots/2024-03/accounts.csv"] = """
        id,handle,age_band,gender
        shop,shop,25-34,f
        ana,ana,25-34,m
        ben,ben,35-49,f
    """
    files["content/posts/2024-04-01-groups.md"] = """
        ---
        title: Groups
        date: 2024-04-01
        ---
        [[chart:commerce-by-attribute attribute=gender]]
    """
    root = tmp_path / "project"
    output = build(root, files)
    assert check_project(root / "sitegen.yml") == []
    post = read(output, "posts/groups/index.html")
    assert_drawn(post, "commerce-by-gender-2024-03")
    assert "Commerce or community by gender" in post and "by age_band" not in post

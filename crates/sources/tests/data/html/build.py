"""Builds the HTML extraction test pages from articles.json.

Each article is laid out in one of five page shapes modelled on how news
sites are built (navigation, cookie banners, share bars, captions, inline
"read more" links, related stories, newsletter boxes, comments, footers).
The body paragraphs go to NN-slug.expected, one a line. Run from this
folder: python3 build.py
"""
import html
import json

ARTICLES = json.load(open("articles.json"))

NAV = ["World", "Politics", "Business", "Opinion", "Sport", "Culture", "Video", "Podcasts"]


def nav(outlet):
    links = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    return f'<header class="site-header"><a class="logo" href="/">{outlet}</a><nav class="main-nav"><ul>{links}</ul></nav><form class="search"><input name="q" placeholder="Search"><button>Search</button></form></header>'


def cookie_banner():
    return ('<div id="cookie-consent" class="cookie-banner"><p>We use cookies to personalise content and ads and to analyse our traffic. '
            'You can change your choice at any time in the privacy settings.</p><button>Accept all</button><button>Manage preferences</button></div>')


def related(others):
    items = "".join(f'<li><a href="/story/{o["slug"]}">{html.escape(o["title"])}</a></li>' for o in others)
    return f'<aside class="related"><h3>Related stories</h3><ul>{items}</ul></aside>'


def comments(n):
    people = [("reader_{}".format(n), "This is exactly what everyone expected to happen, nothing will change."),
              ("Margaret from Leeds", "Why does nobody ask what ordinary people think about any of this?")]
    items = "".join(f'<li class="comment"><span class="author">{a}</span><p>{t}</p><a href="#">Reply</a></li>' for a, t in people)
    return f'<section id="comments" class="comments"><h3>Comments (2)</h3><ul>{items}</ul><a href="/login">Log in to comment</a></section>'


def footer(outlet):
    return (f'<footer><p>&copy; 2025 {outlet}. All rights reserved.</p><ul><li><a href="/about">About us</a></li>'
            '<li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact the newsroom</a></li></ul></footer>')


def paras(body, inline=None):
    out = []
    for i, p in enumerate(body):
        out.append(f"<p>{html.escape(p)}</p>")
        if inline and i == 1:
            out.append(inline)
    return "".join(out)


def layout_meta(a, others, n):
    # Broadsheet: OpenGraph + article:published_time, figure with caption, share bar.
    url = f'https://{a["outlet"]}/world/{a["slug"]}'
    head = (f'<meta property="og:site_name" content="{a["outlet"]}"><meta property="og:title" content="{html.escape(a["title"])}">'
            f'<meta property="article:published_time" content="{a["date"]}T07:45:00+00:00"><link rel="canonical" href="{url}">')
    body = (nav(a["outlet"]) + cookie_banner() + '<main><article><header><h1>' + html.escape(a["title"]) + '</h1>'
            '<div class="byline">By Staff Reporter</div><div class="share"><a href="#">Share on social media</a><a href="#">Email this story</a></div></header>'
            '<figure><img src="/img/lead.jpg" alt=""><figcaption>File photo of a press conference earlier this year. Photo: Agency archive</figcaption></figure>'
            + paras(a["body"]) + '</article>' + related(others) + comments(n) + '</main>' + footer(a["outlet"]))
    return head, body


def layout_jsonld(a, others, n):
    # Wire-style: JSON-LD NewsArticle, inline "Read more" link between paragraphs, newsletter box.
    url = f'https://{a["outlet"]}/news/{a["slug"]}-{n:04d}'
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"], "datePublished": a["date"] + "T11:20:00Z",
          "mainEntityOfPage": url, "publisher": {"@type": "Organization", "name": a["outlet"]}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script><link rel="canonical" href="{url}">'
    inline = f'<p class="read-more"><strong>Read more:</strong> <a href="/news/{others[0]["slug"]}">{html.escape(others[0]["title"])}</a></p>'
    body = (nav(a["outlet"]) + '<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news">News</a></div><div class="story"><h1>' + html.escape(a["title"]) + '</h1>'
            '<div class="story-body">' + paras(a["body"], inline) + '</div>'
            '<div class="newsletter"><h4>Get the morning briefing</h4><p>Sign up for our daily newsletter with the stories that matter.</p><input type="email"><button>Subscribe</button></div>'
            '</div>' + related(others) + footer(a["outlet"]))
    return head, body


def layout_time(a, others, n):
    # Regional paper: only a <time datetime> element dates the story; sidebar with most-read list and ads.
    url = f'https://{a["outlet"]}/local/{a["slug"]}.html'
    head = f'<link rel="canonical" href="{url}">'
    most_read = "".join(f'<li><a href="/local/{o["slug"]}.html">{html.escape(o["title"])}</a></li>' for o in others)
    body = (cookie_banner() + nav(a["outlet"]) + '<div id="content"><div class="main-column"><h1 class="headline">' + html.escape(a["title"]) + '</h1>'
            f'<p class="meta">Published <time datetime="{a["date"]}T09:00:00+01:00">{a["date"]}</time></p>'
            '<div class="article-text">' + paras(a["body"]) + '</div>'
            '<div class="tags"><a href="/tag/politics">Politics</a><a href="/tag/world">World</a></div></div>'
            '<div class="sidebar"><div class="ad">Advertisement</div><h3>Most read</h3><ol>' + most_read + '</ol></div></div>' + comments(n) + footer(a["outlet"]))
    return head, body


def layout_url(a, others, n):
    # Blog-style: the date is only in the URL; no canonical link in the page, a photo gallery with captions after the story.
    head = '<meta name="viewport" content="width=device-width">'
    gallery = ('<section class="gallery"><h3>In pictures</h3><figure><img src="/g1.jpg"><figcaption>Fishing boats moored in the harbour at dusk.</figcaption></figure>'
               '<figure><img src="/g2.jpg"><figcaption>Children play football on a beach during the summer holidays.</figcaption></figure></section>')
    body = (nav(a["outlet"]) + '<div class="post"><h1 class="entry-title">' + html.escape(a["title"]) + '</h1><div class="entry-content">' + paras(a["body"]) + '</div>'
            '<div class="social"><span>Share this:</span><a href="#">Facebook</a><a href="#">Messenger</a></div></div>' + gallery + related(others) + footer(a["outlet"]))
    return head, body


def layout_tabloid(a, others, n):
    # Busy front end: live ticker, paywall notice, video teaser, trending list, several boxes before and after the story.
    url = f'https://{a["outlet"]}/{a["date"].replace("-", "/")}/{a["slug"]}/'
    head = (f'<meta property="article:published_time" content="{a["date"]}T16:05:00-04:00"><meta property="og:url" content="{url}">'
            f'<meta property="og:site_name" content="{a["outlet"]}">')
    trending = "".join(f'<li><a href="/t/{o["slug"]}">{html.escape(o["title"])}</a></li>' for o in others)
    body = ('<div class="ticker"><span>Breaking:</span> <a href="/live">Follow our live coverage of the markets today</a></div>' + nav(a["outlet"]) + cookie_banner() +
            '<div class="paywall-note"><p>You have two free articles left this month. Subscribe for unlimited access.</p></div>'
            '<article class="main-story"><h1>' + html.escape(a["title"]) + '</h1><div class="video-teaser"><a href="/video/latest">Watch: the day in ninety seconds</a></div>'
            + paras(a["body"]) + '<p class="correction"><em>Follow us on social media for the latest updates.</em></p></article>'
            '<div class="trending"><h3>Trending now</h3><ul>' + trending + '</ul></div>' + comments(n) + footer(a["outlet"]))
    return head, body


LAYOUTS = [layout_meta, layout_jsonld, layout_time, layout_url, layout_tabloid]

for n, a in enumerate(ARTICLES, 1):
    others = [ARTICLES[(n + k) % len(ARTICLES)] for k in range(3)]
    head, body = LAYOUTS[(n - 1) % len(LAYOUTS)](a, others, n)
    page = f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(a["title"])} | {a["outlet"]}</title>{head}</head>\n<body>{body}</body></html>\n'
    name = f'{n:02d}-{a["slug"]}'
    open(name + ".html", "w").write(page)
    open(name + ".expected", "w").write("\n".join(a["body"]) + "\n")
    saved_from = f'https://{a["outlet"]}/{a["date"].replace("-", "/")}/{a["slug"]}' if LAYOUTS[(n - 1) % len(LAYOUTS)] is layout_url else None
    meta = {"title": a["title"], "date": a["date"], "outlet": a["outlet"].removeprefix("www."), "saved_from": saved_from}
    open(name + ".meta.json", "w").write(json.dumps(meta) + "\n")

"""Files for machines and old links: the RSS feed, robots.txt and redirects from former ids."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from ..model import Portal
from ..text import cap
from .artifacts import Files

VN = dt.timezone(dt.timedelta(hours=7))


def rss(portal: Portal) -> str:
    """RSS 2.0 of the news posts, newest first."""
    items = []
    for post in portal.posts:
        link = portal.url(post.url)
        published = format_datetime(dt.datetime.combine(post.date, dt.time(8, 0), VN))
        items.append(
            "<item>"
            f"<title>{escape(post.title)}</title>"
            f"<link>{escape(link)}</link>"
            f'<guid isPermaLink="true">{escape(link)}</guid>'
            f"<pubDate>{published}</pubDate>"
            f"<description>{escape(post.description)}</description>"
            "</item>"
        )
    built = format_datetime(dt.datetime.combine(portal.build_date, dt.time(0, 0), VN))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{escape('Tin tức – ' + portal.config['site_name'])}</title>"
        f"<link>{escape(portal.url('tin-tuc/'))}</link>"
        f'<atom:link href={quoteattr(portal.url("tin-tuc/rss.xml"))} rel="self" type="application/rss+xml"/>'
        f"<description>{escape(' '.join(portal.config['site_description'].split()))}</description>"
        "<language>vi</language>"
        f"<lastBuildDate>{built}</lastBuildDate>" + "".join(items) + "</channel></rss>\n"
    )


def robots(portal: Portal) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {portal.url('sitemap.xml')}\n"


def redirect_page(portal: Portal, target: str, title: str) -> str:
    """A static page at an old address that sends visitors (and crawlers) to the current one.

    The refresh is relative (../<id>/) so it works on any host, the preview included; the
    canonical link names the absolute address for search engines.
    """
    url = "../" + target.split("/", 1)[1]
    canonical = portal.url(target)
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>Đã chuyển: {escape(title)}</title>"
        f'<link rel="canonical" href={quoteattr(canonical)}>'
        f'<meta http-equiv="refresh" content={quoteattr("0; url=" + url)}>'
        '<meta name="robots" content="noindex">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "</head><body>"
        f"<p>Trang này đã chuyển tới <a href={quoteattr(url)}>{escape(title)}</a>.</p>"
        "</body></html>\n"
    )


def write_redirects(portal: Portal, files: Files) -> list[str]:
    """One redirect page per former id and per former commune; returns the old paths written."""
    written = []
    entities = [*portal.cooperatives, *portal.products, *portal.honours]
    for entity in entities:
        section = entity.url.split("/")[0]
        for old in entity.former_ids:
            files.write(f"{section}/{old}/index.html", redirect_page(portal, entity.url, entity.name))
            written.append(f"{section}/{old}/")
    for commune in portal.communes.values():  # a former unit's page is its successor's
        if commune.successor:
            target = commune.successor
            files.write(f"xa/{commune.code}/index.html", redirect_page(portal, target.url, cap(target.label)))
            written.append(f"xa/{commune.code}/")
    return written

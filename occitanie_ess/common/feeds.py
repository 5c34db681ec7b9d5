"""Atom feeds (RFC 4287) of the site: plain-text summaries and the publisher as author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class TextSummaryAtom1Feed(Atom1Feed):
    """An Atom feed whose summaries are plain text (type="text").

    Django's Atom1Feed marks every summary type="html", so a reader would interpret text
    typed by staff ("<b>", "&amp;") as markup; the portal's summaries are plain text.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PublisherFeed(Feed):
    """A site feed with plain-text summaries, whose author (RFC 4287, 4.2.1: an atom:feed
    without an author is valid only if every entry has one) is the publisher from the
    settings."""

    feed_type = TextSummaryAtom1Feed

    def author_name(self):
        return settings.OPEN_DATA_PUBLISHER_NAME

    def author_link(self):
        return settings.OPEN_DATA_PUBLISHER_URL

    def author_email(self):
        return settings.OPEN_DATA_PUBLISHER_EMAIL or None

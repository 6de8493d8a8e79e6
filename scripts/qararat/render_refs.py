"""Rendering of the citation graph: links in the text, backlinks, hub pages, concept pages."""
from __future__ import annotations

from .link import Corpus
from .model import Block, Document, Span


def citation_html(span: Span, text_html: str) -> str:
    """A recognised citation in running text; `text_html` is its already escaped text."""
    return text_html


def concept_html(span: Span, text_html: str) -> str:
    """A mention of a recurring body or process; `text_html` is its already escaped text."""
    return text_html


def block_data_extras(corpus: Corpus, doc: Document, block: Block) -> dict:
    """Fields added to a block in the document's JSON (e.g. `citations`)."""
    return {}


def corpus_data_extras(corpus: Corpus) -> dict:
    """Fields added to corpus.json (e.g. `references`)."""
    return {}


def block_extras(corpus: Corpus, doc: Document, block: Block) -> str:
    """HTML placed inside a unit after its text (annotations, "also cited by")."""
    return ""


def document_extras(corpus: Corpus, doc: Document) -> str:
    """HTML placed at the end of a document page ("cited by")."""
    return ""


def pages(corpus: Corpus) -> dict[str, str]:
    """Extra generated files (hub pages, their index, concept pages), path -> content."""
    return {}

"""XML to the dict shape BOAMP's API uses for its ``donnees`` JSON, and helpers to walk it.

BOAMP serves the same notice as XML files and as JSON inside its API records; converting the
XML to the JSON shape lets one reader handle both. Conventions (those of the API's JSON):
an element with only text gives its text, an empty element gives ``""``, repeated children
give a list, attributes become ``"@name"`` keys and mixed text ``"#text"``. Namespace prefixes
are dropped, so eForms UBL reads as ``ContractNotice/ProcurementProject/Name``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def element_to_dict(element: etree._Element) -> Any:
    children = [c for c in element if isinstance(c.tag, str)]
    attributes = {f"@{_local(k)}": v for k, v in element.attrib.items() if "}" not in k}
    text = (element.text or "").strip()
    if not children and not attributes:
        return text
    out: dict[str, Any] = dict(attributes)
    for child in children:
        name = _local(child.tag)
        value = element_to_dict(child)
        if name in out:
            if not isinstance(out[name], list):
                out[name] = [out[name]]
            out[name].append(value)
        else:
            out[name] = value
    if text:
        out["#text"] = text
    return out


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML safely (no network, no entity expansion)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser=parser)


def strip_prefixes(value: Any) -> Any:
    """Drop ``cbc:``/``cac:``... prefixes from keys of a JSON converted from XML elsewhere."""
    if isinstance(value, dict):
        return {
            k.split(":", 1)[-1]
            if not k.startswith("@")
            else "@" + k[1:].split(":", 1)[-1]: strip_prefixes(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [strip_prefixes(v) for v in value]
    return value


def as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def get(node: Any, *path: str) -> Any:
    """Follow ``path`` through dicts; a list on the way gives its first item."""
    for key in path:
        if isinstance(node, list):
            node = node[0] if node else None
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def text(node: Any) -> str | None:
    """The text of a node: a string, a ``#text`` (or ``$``/``value``) entry, or a list's first."""
    if isinstance(node, list):
        for item in node:
            found = text(item)
            if found:
                return found
        return None
    if isinstance(node, dict):
        for key in ("#text", "$", "value", "_"):
            if key in node:
                return text(node[key])
        return None
    if node is None:
        return None
    value = str(node).strip()
    return value or None


def first_key(node: Any) -> str | None:
    """The name of the first child of ``<TYPE_MARCHE><SERVICE/></TYPE_MARCHE>``-style choices."""
    if isinstance(node, list):
        node = node[0] if node else None
    if isinstance(node, dict):
        for key in node:
            if not key.startswith("@") and key != "#text":
                return key
    if isinstance(node, str) and node:
        return node
    return None

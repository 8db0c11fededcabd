"""``--from graphml`` and ``--from gexf``: graph files from Gephi, NodeXL, NetworkX, yEd.

Streamed by expat (under ElementTree): only the nodes and edges being read are held, and each
problem names its line. A DOCTYPE is refused before anything is expanded (no DTD: no entities,
no "billion laughs"); nothing is fetched. GraphML with or without namespace, GEXF 1.1draft,
1.2draft, 1.3. Nodes are accounts, their attributes columns by name (``_account_column``); a
label is the handle when it looks like one (``HANDLE``) and none is given, else the name.
Edges are follows, their weight dropped; an undirected one is written both ways and the
snapshot's ties are then without direction (``sink.undirected``: ``ties: undirected``, even
when some edges of the file have one: a mutual tie cannot be told from two follows then; a
GEXF ``mutual`` edge, two follows, has a direction). One whose ``KIND_ATTRIBUTES``
name an interaction (NodeXL's ``Replies to``, ``Mentions``...) is one, dated by
``TIME_ATTRIBUTES``, counted by a whole ``weight``; NodeXL's ``Tweet`` self-loops are left out.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections import Counter, namedtuple
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.edgelist import whole_number
from sitegen.importing.sink import ACCOUNT_FIELDS, SnapshotSink
from sitegen.snapshots.model import COUNT_COLUMNS, TABLES

log = logging.getLogger(__name__)

COLUMN_NAMES = {"label": "label", "handle": "handle", "user_name": "handle", "bio": "bio",
                "joined_twitter_date_utc": "created_at", "default_profile": "default_profile",
                **dict.fromkeys(("followed", "following", "friends"), "following_count"),
                **dict.fromkeys(("tweets", "statuses", "posts"), "posts_count")}
RELATIONS = {"follow": "followed follower follows follow following friend friends",
             "reply": "repliesto replyto reply replies repliedto",
             "mention": "mentions mention mentionsinretweet mentionsinreplyto",
             "repost": "retweet retweets retweeted repost reposts reposted boost reblog",
             "like": "like likes liked favorite favourite favorited",
             "quote": "quote quotes quoted quotetweet", "post": "tweet post status"}
RELATION_OF = {word: kind for kind, words in RELATIONS.items() for word in words.split()}
KIND_ATTRIBUTES = ("relationship", "relation", "type", "kind", "interaction", "edge_type")
TIME_ATTRIBUTES = ("relationship_date_utc", "date", "timestamp", "time", "created_at", "at")
HANDLE = re.compile(r"@?[\w.-]{1,64}")
US_TIMES = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y")


Item = namedtuple("Item", "tag attrs values")  # a node or edge: its XML attributes, values


def read(sources: list[Path], sink: SnapshotSink, options, progress=None) -> None:
    """Stage the accounts and edges of every GraphML or GEXF file in ``sources``."""
    task = progress and progress.add_task(f"{options.format} files",
                                          total=sum(s.stat().st_size for s in sources))
    done = 0  # bytes of the files before this one
    for path in sources:
        reader = (GraphmlReader if options.format == "graphml" else GexfReader)(path, sink)
        reader.parse(lambda at, done=done: progress and progress.update(task, completed=done + at))
        done += path.stat().st_size
        for what, count in sorted(reader.dropped.items()):
            log.warning("%s: %s %s", path, f"{count:,}", what)
        sink.undirected = sink.undirected or bool(reader.ways["undirected"])
        if reader.ways["undirected"] and reader.ways["directed"]:
            log.warning("%s: %s follows without direction beside %s with one: the snapshot's "
                        "ties are all read as without direction (who follows whom is not "
                        "measured)", path, f"{reader.ways['undirected']:,}",
                        f"{reader.ways['directed']:,}")


class GraphReader:
    """What GraphML and GEXF share: the stream, the declared attributes, nodes and edges."""

    root, other = "", ""  # the root element; the other format's

    def __init__(self, path: Path, sink: SnapshotSink):
        self.path, self.sink = path, sink
        self.parser = parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler, parser.EndElementHandler = self._start, self._end
        parser.CharacterDataHandler = lambda data: self.text is None or self.text.append(data)
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = self._refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.namespace: str | None = None  # the root's; elements of others (viz, yEd) skipped
        self.declared: dict[tuple[str, str], list] = {}  # (for, id) -> [name, default]
        self.declaring: list | None = None  # the declaration whose <default> comes
        self.defaults: dict[str, dict[str, str]] = {}  # of nodes, of edges
        self.items: list[Item | None] = []  # nodes, edges and (None) graphs being read
        self.text: list[str] | None = None  # of the element being read, when wanted
        self.directed: list[bool] = []  # of the graphs being read, innermost last
        self.dropped: Counter = Counter()  # what was left out, for one warning each
        self.follows = self.relations = False  # some edge is a follow; says what it is
        self.ways: Counter = Counter()  # follows by direction: directed, mutual, undirected

    def parse(self, advance) -> None:
        """Feed the file to expat; ``advance(bytes of the file read so far)``."""
        try:
            with open(self.path, "rb") as raw:
                gz = self.path.name.lower().endswith(".gz")
                with gzip.GzipFile(fileobj=raw) if gz else raw as handle:
                    while chunk := handle.read(1 << 20):
                        self.parser.Parse(chunk, False)
                        advance(raw.tell())
                self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise SnapshotError(Problem(f"not valid XML: {expat.ErrorString(error.code)}",
                                        self.path, error.lineno,
                                        hint=f"is it a {self.root} file?")) from None
        except (OSError, EOFError) as error:
            raise SnapshotError(Problem(f"cannot read the file: {error}", self.path)) from None
        if self.follows or not self.relations:
            self.sink.measured.add("follows")  # a plain graph is a follow graph, maybe empty

    def problem(self, message: str, hint: str | None = None) -> SnapshotError:
        return SnapshotError(Problem(message, self.path, self.parser.CurrentLineNumber, hint))

    def _refuse(self, *_) -> None:
        raise self.problem("a DOCTYPE (DTD) is not accepted: it could declare entities that "
                           "expand without end", hint="remove the <!DOCTYPE ...> declaration")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        namespace, _, tag = name.rpartition("}")
        if self.namespace is None:
            if tag != self.root:
                raise self.problem(f"not a {self.root} file: the root element is <{tag}>",
                                   hint=f"--from {self.other}" if tag == self.other else None)
            self.namespace = namespace
        if namespace == self.namespace and (handler := self.starts.get(tag)):
            handler(self, attrs)

    @property
    def item(self) -> Item | None:
        return self.items[-1] if self.items else None

    def _end(self, name: str) -> None:
        namespace, _, tag = name.rpartition("}")
        if namespace == self.namespace and (handler := self.ends.get(tag)):
            handler(self)

    def _declare(self, domain: str, key: str, name: str | None) -> None:
        self.declaring = self.declared[(domain, key)] = [name, None]
        self.defaults.clear()

    def _end_default(self) -> None:
        if self.declaring is not None and self.text is not None:
            self.declaring[1], self.text = "".join(self.text), None

    def _lookup(self, key: str, what: str) -> list:
        """The declaration of a node's or edge's attribute; an error names an unknown one."""
        tag = self.item.tag
        found = self.declared.get((tag, key)) or self.declared.get(("all", key))
        if found is None:
            raise self.problem(f"{what}=\"{key}\">: no declaration with that id for {tag}s",
                               hint=f"declare it before the {tag}s")
        return found

    def _begin(self, tag: str, attrs: dict[str, str]) -> None:
        self.declaring = None
        required = ("id",) if tag == "node" else ("source", "target")
        for missing in [key for key in required if not attrs.get(key, "").strip()][:1]:
            raise self.problem(f"<{tag}> without '{missing}'")
        if tag not in self.defaults:  # once the declarations are read
            self.defaults[tag] = {name: default for (domain, _), (name, default) in
                                  self.declared.items() if domain in (tag, "all") and name
                                  and default is not None}
        self.items.append(Item(tag, attrs, dict(self.defaults[tag])))

    def _end_node(self) -> None:
        item = self.items.pop()
        self.sink.account(item.attrs["id"], **self._columns(item))

    def _edge_done(self, way: str, weight: str | None = None, kind: str | None = None):
        """An edge read; ``way``: directed, mutual (two follows) or undirected."""
        item = self.items.pop()
        values = {_column_key(name): value for name, value in item.values.items()}
        relation = kind or next((values[k] for k in KIND_ATTRIBUTES if values.get(k)), None)
        self.relations = self.relations or relation is not None
        kind = RELATION_OF.get(re.sub("[^a-z]", "", relation.lower()), "") if relation else "follow"
        if not kind:
            self.dropped[f"edges of an unknown relationship ('{relation}') read as follows"] += 1
        source, target, kind = item.attrs["source"], item.attrs["target"], kind or "follow"
        self.follows = self.follows or kind == "follow"
        if kind == "follow":
            self.ways[way] += 1
            self.sink.follow(source, target)
            if way != "directed" and source != target:
                self.sink.follow(target, source)
        elif kind == "post":
            self.dropped["'Tweet' edges (a post, not a tie) left out"] += 1
        else:
            at = next((values[k] for k in TIME_ATTRIBUTES if values.get(k)), None)
            weight = weight or values.get("weight")
            count = str(int(float(weight))) if weight and whole_number(weight, 1) else None
            self.sink.interaction(source, target, kind, _iso(at) if at else None, count=count)

    def _columns(self, item: Item) -> dict[str, str]:
        """The account columns of a node (see the module's docstring)."""
        fields, label = {}, item.attrs.get("label")
        for name, value in item.values.items():
            column = _account_column(name)
            if column == "label":
                label = value
            elif column is not None and (checked := self._checked(column, value)) is not None:
                fields[column] = checked
        label = (label or "").strip()
        number = label.removeprefix("@").isdigit()  # names no user: a name, if anything
        if number and label == item.attrs.get("id", "").strip():
            return fields  # the node's number again (sitegen's own GEXF downloads)
        if label and "handle" not in fields and HANDLE.fullmatch(label) and not number:
            fields["handle"] = label.removeprefix("@")
        elif label and "name" not in fields:
            fields["name"] = label
        return fields

    def _checked(self, column: str, value: str) -> str | None:
        """The value, or None (counted for a warning) when the column cannot hold it."""
        if not value.strip() or column not in (*COUNT_COLUMNS, "created_at"):
            return value
        checked = _iso(value) if column == "created_at" else value if whole_number(value) else None
        if checked is None:
            self.dropped[f"values of {column} left out (not a valid {column})"] += 1
        return checked

    def _graph(self, directed: bool) -> None:
        self.directed.append(directed)
        self.items.append(None)  # what follows belongs to the graph, not to a node around it

    starts = {"node": lambda self, a: self._begin("node", a),
              "edge": lambda self, a: self._begin("edge", a),  # a <default> of a declaration:
              "default": lambda self, a: setattr(self, "text", self.declaring and [])}
    ends = {"default": _end_default, "node": _end_node,
            "graph": lambda self: (self.directed.pop(), self.items.pop())}


class GraphmlReader(GraphReader):
    """GraphML: ``<key>``s, ``<graph edgedefault>``, ``<node>``s, ``<edge>``s, ``<data>``."""

    root, other = "graphml", "gexf"
    data: str | None = None  # the name of the <data> being read

    def _data(self, attrs: dict[str, str]) -> None:
        if self.item is not None:  # not data of the graph itself
            self.data = self._lookup(attrs.get("key", ""), "<data key")[0]
            self.text = []

    def _end_data(self) -> None:
        if self.item is not None and self.text is not None and self.data:
            self.item.values[self.data] = "".join(self.text)
        self.text = None

    def _end_edge(self) -> None:
        directed = self.item.attrs.get("directed")
        directed = self.directed[-1:] != [False] if directed is None else directed == "true"
        self._edge_done("directed" if directed else "undirected")

    starts = {"key": lambda self, a: self._declare(a.get("for", "all"), a.get("id", ""),
                                                   a.get("attr.name")),
              "data": _data, "graph": lambda self, a: self._graph(
                  a.get("edgedefault", "directed") != "undirected"),
              "hyperedge": lambda self, a: self.dropped.update(["hyperedges left out"]),
              **GraphReader.starts}
    ends = {"data": _end_data, "edge": _end_edge, **GraphReader.ends}


class GexfReader(GraphReader):
    """GEXF: ``<graph defaultedgetype>``, ``<attribute>``s, ``<node>``s, ``<edge>``s."""

    root, other = "gexf", "graphml"
    domain = "node"  # the class of the <attributes> being read

    def _attvalue(self, attrs: dict[str, str]) -> None:
        if self.item is not None:  # GEXF 1.1draft names the attribute by ``id``
            name = self._lookup(attrs.get("for", attrs.get("id", "")), "<attvalue for")[0]
            self.item.values[name] = attrs.get("value", "")

    def _end_edge(self) -> None:
        way = self.item.attrs.get("type") or ("directed" if self.directed[-1:] == [True] else "")
        self._edge_done(way if way in ("directed", "mutual") else "undirected",
                        self.item.attrs.get("weight"), self.item.attrs.get("kind"))

    starts = {"graph": lambda self, a: self._graph(
                  a.get("defaultedgetype", "undirected") == "directed"),
              "attributes": lambda self, a: setattr(self, "domain", a.get("class", "node")),
              "attribute": lambda self, a: self._declare(self.domain, a.get("id", ""),
                                                         a.get("title") or a.get("id")),
              "attvalue": _attvalue, **GraphReader.starts}
    ends = {"edge": _end_edge, **GraphReader.ends}


def _column_key(name: str) -> str:
    return re.sub("[^0-9a-z]+", "_", name.strip().lower()).strip("_")


@lru_cache(maxsize=1024)
def _account_column(name: str) -> str | None:
    """The account column for an attribute name; None: left out (an id, or no name)."""
    key = _column_key(name)
    column = COLUMN_NAMES.get(key) or TABLES["accounts"].canonical(key)
    if not key or column in ("id", "seq"):
        return None
    return column if column in (*ACCOUNT_FIELDS, "label") else key


def _iso(text: str) -> str | None:
    """A date or date-time as ISO 8601 text: ISO as given, or NodeXL's month/day/year."""
    text = text.strip()
    for pattern in ("ISO", *US_TIMES):
        try:
            if pattern == "ISO":
                return datetime.fromisoformat(text.replace("Z", "+00:00")) and text
            return datetime.strptime(text, pattern).isoformat()
        except ValueError:
            continue
    return None

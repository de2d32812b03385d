"""The map of the code holds: one home per business area, dependencies in one direction, transport that is only
transport. docs/architecture.md shows the same map; change both together."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("fair", "booths", "realtime")

# The areas and their layer: an area may import only areas of lower layers (and itself). Written in
# docs/architecture.md, "Dependency direction".
LAYERS = {
    "fair": 0,  # the fair core: fairs, halls, visibility, roles, visitors, events and groups, pictures
    "booths": 1,  # the catalogue: producers, booths, products, certificates, traceability, tours
    "orders": 2, "conversations": 2, "media": 2,  # areas built on the catalogue
    "live": 2,  # live selling: livestreams of a booth with pinned products, behind a media-server interface
    "search": 2,  # search across the fair: reads the catalogue, follows its saves (fair/search/)
    "editor": 3,  # producer accounts and the editor: builds booths from the catalogue, media and stock
    "analytics": 3,  # what happened at the fair: follows orders and conversations, told by realtime (fair/analytics/)
    "demo": 4,  # the demo fair: uses everything, nothing uses it
    "studio": 4,  # the organizers' studio: curates fairs, halls, booths, schedule, onboarding, moderation
    "realtime": 4,  # transport: sockets over the areas' services and selectors
    "project": 5,  # settings, URLs, ASGI/WSGI: the composition root
}
PROJECT_MODULES = {"fair.settings", "fair.urls", "fair.asgi", "fair.wsgi"}
NESTED = ("orders", "conversations", "media", "live", "editor", "demo")
FAIR_NESTED = ("search", "studio", "analytics")  # apps of their own inside fair/ (shared/design/ARCHITECTURE.md: studio, analytics, search)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def area_of(module: str) -> str | None:
    """The business area a module belongs to (None for modules outside the project's apps)."""
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    if module in PROJECT_MODULES:
        return "project"
    if parts[0] == "booths" and len(parts) > 1 and parts[1] in NESTED:
        return parts[1]
    if parts[0] == "fair" and len(parts) > 1 and parts[1] in FAIR_NESTED:
        return parts[1]
    return parts[0]


def imported_modules(path: Path, module: str) -> list[tuple[str, int]]:
    """Every module this file imports, at module level or inside functions, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                package = module.split(".")[: -node.level] if not path.name == "__init__.py" else module.split(".")
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]  # `from booths import media`
    return found


def project_files():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def area_edges() -> dict[tuple[str, str], list[str]]:
    """(from area, to area) → where (file:line) the import is."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in project_files():
        module = module_name(path)
        source = area_of(module)
        for target_module, line in imported_modules(path, module):
            target = area_of(target_module)
            if target and target != source:
                edges.setdefault((source, target), []).append(f"{path.relative_to(ROOT)}:{line}")
    return edges


def test_every_module_belongs_to_a_known_area():
    unknown = {module_name(p) for p in project_files() if area_of(module_name(p)) not in LAYERS}
    assert not unknown


def test_areas_import_only_downwards():
    """Each import goes from an area to one of a lower layer: so there is no cycle, and adding one fails here."""
    wrong = {f"{a} → {b}": places for (a, b), places in area_edges().items() if LAYERS[a] <= LAYERS[b]}
    assert not wrong, f"imports against the dependency direction (docs/architecture.md): {wrong}"


def test_there_is_no_import_cycle_between_areas():
    edges = area_edges()
    graph = {area: {b for (a, b) in edges if a == area} for area in LAYERS}
    visiting, done = set(), set()

    def visit(area, path):
        if area in visiting:
            pytest.fail("import cycle between areas: " + " → ".join([*path, area]))
        if area in done:
            return
        visiting.add(area)
        for nxt in sorted(graph[area]):
            visit(nxt, [*path, area])
        visiting.discard(area)
        done.add(area)

    for area in LAYERS:
        visit(area, [])


def test_the_cycle_check_finds_a_cycle(monkeypatch):
    """The check itself can fail: a catalogue module importing realtime is caught."""
    original = imported_modules

    def with_bad_import(path, module):
        extra = [("realtime.protocol", 1)] if module == "booths.services" else []
        return original(path, module) + extra

    monkeypatch.setitem(globals(), "imported_modules", with_bad_import)
    edges = area_edges()
    assert ("booths", "realtime") in edges and LAYERS["booths"] <= LAYERS["realtime"]


def test_production_code_never_imports_the_demo():
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in project_files()
                 if area_of(module_name(path)) != "demo"
                 for target, line in imported_modules(path, module_name(path)) if target.startswith("booths.demo")]
    assert not offenders


def test_consumers_are_transport_without_queries():
    """Consumers parse, check, call a service or selector, and send: no ORM query in realtime/consumers/."""
    queries = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "realtime" / "consumers").glob("*.py"))
               for n, line in enumerate(path.read_text().splitlines(), 1) if re.search(r"\.objects\b", line)]
    assert not queries


def test_one_consumer_class_per_socket_kind_and_file():
    from realtime.consumers import CONSUMERS
    from realtime.consumers.base import FairConsumer
    from realtime.protocol import ALL

    assert set(CONSUMERS) == set(ALL)
    files = {consumer.__module__ for consumer in CONSUMERS.values()}
    assert len(files) == len(CONSUMERS), "each socket kind's consumer lives in its own module"
    assert all(issubclass(consumer, FairConsumer) for consumer in CONSUMERS.values())


def test_every_declared_client_message_has_a_handler_on_its_socket():
    """Every (client message type, socket) the protocol declares is handled by that socket's consumer."""
    from realtime.consumers import CONSUMERS
    from realtime.protocol import CLIENT_TYPES, handler_name

    missing = [f"{name} on {socket}" for (name, socket) in CLIENT_TYPES
               if not callable(getattr(CONSUMERS[socket], handler_name(name), None))]
    assert not missing


def test_no_consumer_handles_a_message_its_socket_does_not_declare():
    """The other way round: an `on_…` handler without a declaration would be dead code (parse refuses it)."""
    from realtime.consumers import CONSUMERS
    from realtime.protocol import CLIENT_TYPES, handler_name

    declared = {(handler_name(name), socket) for (name, socket) in CLIENT_TYPES}
    extra = [f"{consumer.__name__}.{attr}" for socket, consumer in CONSUMERS.items()
             for attr in dir(consumer) if attr.startswith("on_") and (attr, socket) not in declared]
    assert not extra


def test_areas_broadcast_only_through_the_one_helper():
    """Events leave through fair.events (after commit); nothing else calls the channel layer's group_send."""
    senders = [f"{path.relative_to(ROOT)}:{n}" for path in project_files()
               for n, line in enumerate(path.read_text().splitlines(), 1)
               if "group_send(" in line and module_name(path) not in ("fair.events", "realtime.hub")]
    assert not senders


def test_readme_and_architecture_doc_name_every_app_folder():
    """A newcomer finds each area from the folder table (README.md) and the map (docs/architecture.md)."""
    folders = sorted(f"`{path.parent.relative_to(ROOT)}/`" for package in PACKAGES for path in (ROOT / package).rglob("apps.py"))
    readme, architecture = (ROOT / "README.md").read_text(), (ROOT / "docs" / "architecture.md").read_text()
    assert [f for f in folders if f"| {f} |" not in readme] == []
    assert [f for f in folders if f"| {f} |" not in architecture] == []

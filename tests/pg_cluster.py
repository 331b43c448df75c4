"""A private PostgreSQL cluster for the test run, and a fresh database for each test that asks.

The cluster is Debian's server binaries run on a unix socket in a temporary folder (no TCP
port, so two test runs on one machine never meet), with ``fsync=off``: the tests check what
the server stores, not that the disk keeps it. The controller (or the only process, without
xdist) chooses the folder when pytest starts and removes the cluster when it ends; the first
test that needs the server starts it, under a file lock, so each xdist worker finds it running
and only one initdb ever happens. pytest-postgresql's no-process fixtures then give each test
its own database (``annotator_test<worker>``, dropped and made again from a template per test).

PostgreSQL refuses to run as root: then the server runs as the ``postgres`` user (runuser),
and the folder is made readable for it. Under CI (``CI`` set) a test that needs the server
fails when none can start; elsewhere it is skipped with one line saying why.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from pytest_postgresql import factories

SUPERUSER = "postgres"
PORT = 5432  # only names the socket file (.s.PGSQL.5432): no TCP port is opened
ROOT_VARIABLE = "ANNOTATOR_TEST_PG_ROOT"
_ROOT = pytest.StashKey[Path]()


class ClusterError(Exception):
    """The server could not be made or started; the message says why."""


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest major version."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    found.sort(key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _server_user() -> pwd.struct_passwd | None:
    """Whom the server runs as when the tests run as root (None: as the tests' own user)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise ClusterError(
            "the tests run as root, PostgreSQL refuses root, and there is no postgres user "
            "(apt-get install postgresql makes one)"
        ) from None


def private_folder() -> Path:
    """A new temporary folder the server's user can reach (pytest's own are mode 0700)."""
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    root.chmod(0o755)
    return root


class Cluster:
    """One PostgreSQL cluster in ``root``: data in ``root/data``, its socket in
    ``root/socket``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket = root / "socket"
        self.log = root / "server.log"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{quote(user)}@/{quote(dbname)}?host={quote(str(self.socket))}&port={PORT}"

    def _run(self, *command: str) -> None:
        binaries = server_binaries()
        if binaries is None:
            raise ClusterError("no PostgreSQL server binaries (pg_ctl): apt-get install postgresql")
        argv = [str(binaries / command[0]), *command[1:]]
        if _server_user() is not None:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ClusterError(f"{command[0]}: {exc}") from None
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()[-3:]
            log = self.log.read_text(errors="replace").strip().splitlines()[-3:]
            raise ClusterError(f"{command[0]} failed: {' / '.join(said + log)}")

    def _make_folder(self, path: Path) -> None:
        path.mkdir(mode=0o700, exist_ok=True)
        user = _server_user()
        if user is not None:
            os.chown(path, user.pw_uid, user.pw_gid)

    def create(self) -> None:
        self._make_folder(self.data)
        self._make_folder(self.socket)
        log = self.log
        log.touch()
        user = _server_user()
        if user is not None:
            os.chown(log, user.pw_uid, user.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )

    def start(self, *, durable: bool = False) -> None:
        """Start the server; ``durable`` keeps the server's own defaults for the disk (fsync,
        full pages), as a benchmark of durable changes needs."""
        settings = f"-c listen_addresses='' -k {self.socket} -p {PORT} -c max_connections=300"
        if not durable:
            settings += " -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", settings, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists() and (
            self.socket / f".s.PGSQL.{PORT}"
        ).exists()

    def ensure_running(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            self.create()
        if not self.running():
            self.start()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed under CI and could not start: {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL for these tests: {reason}")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_root(config: pytest.Config) -> Path:
    worker_input = getattr(config, "workerinput", None)
    if worker_input is not None and ROOT_VARIABLE in worker_input:
        return Path(worker_input[ROOT_VARIABLE])
    return config.stash[_ROOT]


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config, "workerinput", None) is None:
        config.stash[_ROOT] = private_folder()
        root = config.stash[_ROOT]
    else:
        root = _run_root(config)
    # pytest-postgresql's no-process fixtures connect where the shared cluster listens.
    config.option.postgresql_host = str(Cluster(root / "shared").socket)
    config.option.postgresql_port = str(PORT)
    config.option.postgresql_user = SUPERUSER
    config.option.postgresql_dbname = "annotator_test"
    # A database a killed run left behind is dropped rather than refused.
    config.option.postgresql_drop_test_database = True


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """xdist (controller): tell each worker where the run's cluster lives."""
    root = node.config.stash[_ROOT]  # type: ignore[attr-defined]
    node.workerinput[ROOT_VARIABLE] = str(root)  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    if getattr(config, "workerinput", None) is not None or _ROOT not in config.stash:
        return
    root = config.stash[_ROOT]
    cluster = Cluster(root / "shared")
    if cluster.running():
        with contextlib.suppress(ClusterError):
            cluster.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster(request: pytest.FixtureRequest) -> Cluster:
    """The run's shared cluster, started by the first test that needs it."""
    root = _run_root(request.config)
    cluster = Cluster(root / "shared")
    failed = root / "failed"
    with _locked(root / "lock"):
        if failed.exists():
            reason = failed.read_text()
        else:
            try:
                cluster.root.mkdir(mode=0o755, exist_ok=True)
                cluster.ensure_running()
                reason = ""
            except ClusterError as exc:
                reason = str(exc)
                failed.write_text(reason)
    if reason:
        _unavailable(reason)
    return cluster


# The template each worker's test databases are made from (host and port: pytest_configure).
_pg_template = factories.postgresql_noproc()


@pytest.fixture(scope="session")
def pg_noproc(pg_cluster: Cluster, request: pytest.FixtureRequest) -> object:
    """pytest-postgresql's no-process fixture, once the cluster is up."""
    return request.getfixturevalue("_pg_template")


pg_connection = factories.postgresql("pg_noproc")


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_connection: psycopg.Connection[object]) -> str:
    """The URL of this test's fresh database (superuser, over the cluster's socket)."""
    return pg_cluster.url(pg_connection.info.dbname)


@pytest.fixture
def private_cluster() -> Iterator[Cluster]:
    """A cluster of this test's own, for a test that stops and restarts the server."""
    root = private_folder()
    cluster = Cluster(root)
    try:
        try:
            cluster.create()
            cluster.start()
        except ClusterError as exc:
            _unavailable(str(exc))
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(ClusterError):
                cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)

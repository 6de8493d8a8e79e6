"""Checks on the GitHub Actions workflow and Dependabot configuration.

Each test reads the real files (.github/workflows/pages.yml,
.github/dependabot.yml and the Makefile) and checks one property that the
deployment relies on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
MAKEFILE = ROOT / "Makefile"

SHA_RE = re.compile(r"[0-9a-f]{40}")
# A `uses:` line as it must appear in the raw file: owner/repo[/path]@<40 hex>,
# then a comment with the release, e.g. "# v4.2.2".
PINNED_USES_LINE = re.compile(
    r"^\s*(?:-\s+)?uses:\s*"
    r"(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)"
    r"@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s*(?P<version>v\d+(?:\.\d+)*\S*)"
)
MAKE_CALL = re.compile(r"(?:^|[\s;&|(])make\s+(?:-{1,2}\S+\s+)*([A-Za-z0-9_.-]+)")


# --- helpers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_workflow() -> str:
    assert WORKFLOW.is_file(), f"missing {WORKFLOW}"
    return WORKFLOW.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workflow(raw_workflow: str) -> dict:
    data = yaml.safe_load(raw_workflow)
    assert isinstance(data, dict), "workflow is not a YAML mapping"
    return data


@pytest.fixture(scope="module")
def jobs(workflow: dict) -> dict:
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict) and jobs, "workflow defines no jobs"
    return jobs


def triggers(workflow: dict) -> dict:
    """The `on:` mapping. PyYAML (YAML 1.1) reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow has no `on:` triggers"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    assert isinstance(on, dict), f"unexpected `on:` value {on!r}"
    return on


def steps(job: dict) -> list[dict]:
    steps = job.get("steps")
    assert isinstance(steps, list) and steps, "job has no steps"
    return steps


def run_scripts(job: dict) -> list[str]:
    return [s["run"] for s in steps(job) if isinstance(s.get("run"), str)]


def runs_command(job: dict, command: str) -> bool:
    """True if a `run:` script of the job runs `command` as a command word."""
    pattern = re.compile(r"(?:^|[\s;&|(])" + re.escape(command) + r"(?=$|[\s;&|)])", re.M)
    return any(pattern.search(script) for script in run_scripts(job))


def step_using(job: dict, action: str) -> dict | None:
    for step in steps(job):
        uses = step.get("uses")
        if isinstance(uses, str) and uses.split("@", 1)[0] == action:
            return step
    return None


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def all_uses(workflow: dict) -> list[str]:
    found = []
    for job in workflow["jobs"].values():
        if isinstance(job.get("uses"), str):  # reusable workflow call
            found.append(job["uses"])
        for step in job.get("steps", []) or []:
            if isinstance(step.get("uses"), str):
                found.append(step["uses"])
    return found


# --- triggers ----------------------------------------------------------------


def test_runs_on_push_to_main(workflow):
    on = triggers(workflow)
    assert "push" in on, "workflow is not triggered by push"
    push = on["push"] or {}
    branches = push.get("branches")
    assert branches, "push trigger is not limited to branches (expected main)"
    assert "main" in branches, f"push branches {branches!r} do not include main"


def test_runs_on_pull_requests_and_manually(workflow):
    on = triggers(workflow)
    assert "pull_request" in on, "workflow does not run on pull requests"
    assert "workflow_dispatch" in on, "workflow cannot be started by hand"


# --- test job ----------------------------------------------------------------


def test_test_job_runs_make_test_on_python_311(jobs):
    assert "test" in jobs, "no `test` job"
    job = jobs["test"]
    assert job.get("runs-on") == "ubuntu-latest"
    assert step_using(job, "actions/checkout"), "test job does not check out"
    setup = step_using(job, "actions/setup-python")
    assert setup, "test job does not use actions/setup-python"
    # A string, not 3.11 the float (which would turn 3.10 into "3.1").
    assert (setup.get("with") or {}).get("python-version") == "3.11"
    assert runs_command(job, "make test"), "test job does not run `make test`"


def test_chromium_is_provided_before_make_test(jobs):
    job = jobs["test"]
    scripts = [s.get("run", "") or "" for s in steps(job)]
    make_at = next((i for i, s in enumerate(scripts) if re.search(r"\bmake test\b", s)), None)
    assert make_at is not None, "test job does not run `make test`"
    apt_at = [
        i for i, s in enumerate(scripts) if re.search(r"sudo apt-get install -y chromium\b", s)
    ]
    assert apt_at, "no step installs chromium with sudo apt-get"
    assert apt_at[0] < make_at, "chromium must be installed before `make test`"
    # make itself must not run as root (it would bypass actions/setup-python).
    assert not re.search(r"\bsudo\b[^\n]*\bmake\b", scripts[make_at])


# --- build job ---------------------------------------------------------------


def test_build_job_builds_and_uploads_site(jobs):
    assert "build" in jobs, "no `build` job"
    job = jobs["build"]
    assert "test" in needs(job), "build does not wait for the test job"
    assert runs_command(job, "make site"), "build job does not run `make site`"
    upload = step_using(job, "actions/upload-pages-artifact")
    assert upload, "build job does not use actions/upload-pages-artifact"
    path = str((upload.get("with") or {}).get("path", ""))
    normalised = path.strip().removeprefix("./").rstrip("/")
    assert normalised == "site", f"uploaded path is {path!r}, expected site/"


def test_build_runs_only_for_pushes_to_main(jobs):
    condition = str(jobs["build"].get("if", ""))
    assert re.search(r"github\.event_name\s*==\s*'push'", condition), condition
    assert re.search(r"github\.ref\s*==\s*'refs/heads/main'", condition), condition
    assert "||" not in condition, f"condition {condition!r} is looser than push && main"


# --- deploy job --------------------------------------------------------------


def test_deploy_job_deploys_the_build(jobs):
    assert "deploy" in jobs, "no `deploy` job"
    job = jobs["deploy"]
    assert "build" in needs(job), "deploy does not need the build job"
    deploy = step_using(job, "actions/deploy-pages")
    assert deploy, "deploy job does not use actions/deploy-pages"
    env = job.get("environment")
    assert isinstance(env, dict), "deploy job has no environment mapping"
    assert env.get("name") == "github-pages"
    step_id = deploy.get("id")
    assert step_id, "deploy-pages step has no id to read page_url from"
    assert re.fullmatch(
        r"\$\{\{\s*steps\." + re.escape(step_id) + r"\.outputs\.page_url\s*\}\}",
        str(env.get("url", "")),
    ), f"environment url {env.get('url')!r} is not the deploy step's page_url"


def test_deployments_share_a_pages_concurrency_group(workflow, jobs):
    groups = []
    for owner in (workflow, jobs["deploy"]):
        concurrency = owner.get("concurrency")
        if isinstance(concurrency, str):
            groups.append((concurrency, False))
        elif isinstance(concurrency, dict):
            groups.append((str(concurrency.get("group", "")), concurrency.get("cancel-in-progress")))
    pages = [(g, cancel) for g, cancel in groups if "pages" in g]
    assert pages, f"no concurrency group for pages in {groups!r}"
    # A deployment in progress must not be cancelled by the next one.
    assert all(cancel is not True for _, cancel in pages)


# --- permissions -------------------------------------------------------------


def test_top_level_permissions_are_read_only(workflow):
    assert workflow.get("permissions") == {"contents": "read"}


def test_only_deploy_job_can_write_pages_and_id_token(jobs):
    deploy_perms = jobs["deploy"].get("permissions")
    assert isinstance(deploy_perms, dict), "deploy job sets no permissions"
    assert deploy_perms.get("pages") == "write"
    assert deploy_perms.get("id-token") == "write"
    assert "write" not in {v for k, v in deploy_perms.items() if k not in ("pages", "id-token")}
    for name, job in jobs.items():
        if name == "deploy":
            continue
        perms = job.get("permissions") or {}
        assert perms not in ("write-all",), f"job {name} has write-all"
        if isinstance(perms, dict):
            assert perms.get("pages") != "write", f"job {name} can write pages"
            assert perms.get("id-token") != "write", f"job {name} can mint id tokens"


# --- pinning -----------------------------------------------------------------


def test_every_action_is_pinned_to_a_sha_with_version_comment(workflow, raw_workflow):
    uses = all_uses(workflow)
    assert uses, "workflow uses no actions"
    for value in uses:
        action, _, ref = value.partition("@")
        assert SHA_RE.fullmatch(ref), f"{value!r} is not pinned to a 40-hex commit SHA"
        assert not action.startswith("./"), f"{value!r} is a local action"

    lines = [line for line in raw_workflow.splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]
    # Every parsed `uses:` has its own line in the file (no flow-style maps that
    # would hide a missing comment).
    assert len(lines) == len(uses), (lines, uses)
    for line in lines:
        assert PINNED_USES_LINE.match(line), f"not pinned with a `# v...` comment: {line.strip()!r}"


def test_pins_are_consistent(raw_workflow):
    """The same action is pinned to one SHA and one version everywhere."""
    seen: dict[str, tuple[str, str]] = {}
    for line in raw_workflow.splitlines():
        match = PINNED_USES_LINE.match(line)
        if not match:
            continue
        pin = (match["sha"], match["version"])
        assert seen.setdefault(match["action"], pin) == pin, (
            f"{match['action']} is pinned both as {seen[match['action']]} and {pin}"
        )


# --- Makefile ----------------------------------------------------------------


def test_makefile_defines_the_targets_the_workflow_calls(jobs):
    called = set()
    for job in jobs.values():
        for script in run_scripts(job):
            called.update(MAKE_CALL.findall(script))
    assert {"test", "site"} <= called, f"workflow calls make targets {sorted(called)}"
    assert MAKEFILE.is_file(), f"the workflow runs make, but {MAKEFILE} does not exist"
    text = MAKEFILE.read_text(encoding="utf-8")
    for target in sorted(called):
        # `target:` or `target: deps`, but not `target := value` (a variable).
        rule = re.compile(r"^" + re.escape(target) + r"\s*:(?!=)", re.M)
        assert rule.search(text), f"Makefile has no `{target}:` rule"


# --- Dependabot --------------------------------------------------------------


def test_dependabot_updates_actions_and_pip_weekly():
    assert DEPENDABOT.is_file(), f"missing {DEPENDABOT}"
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    assert config.get("version") == 2
    updates = {u.get("package-ecosystem"): u for u in config.get("updates") or []}
    for ecosystem in ("github-actions", "pip"):
        assert ecosystem in updates, f"dependabot does not cover {ecosystem}"
        update = updates[ecosystem]
        assert update.get("directory") == "/", update
        assert (update.get("schedule") or {}).get("interval") == "weekly", update

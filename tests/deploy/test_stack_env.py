"""deploy/stack.sh gives every instance the same settings, the later ones too.

An instance started after `make stack` (`deploy/stack.sh instance-start 2`, or
`make stack` with more instances) gets its environment from what the first
start saved (SAVED_VARS) and from app_env. A variable the settings read and
neither covers would be set on the first instances and not on the later ones.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STACK = (ROOT / "deploy" / "stack.sh").read_text()
SETTINGS = (ROOT / "blogsite" / "settings.py").read_text()


def settings_variables() -> set[str]:
    return set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', SETTINGS))


def saved_variables() -> set[str]:
    return set(re.search(r"^SAVED_VARS=\(([^)]*)\)", STACK, re.MULTILINE).group(1).split())


def app_env_variables() -> set[str]:
    body = re.search(r"^app_env\(\) \{\n(.*?)^\}", STACK, re.MULTILINE | re.DOTALL).group(1)
    return set(re.findall(r"\b([A-Z][A-Z0-9_]*)=", body))


def test_every_variable_the_settings_read_is_saved_or_set_by_the_stack():
    read = settings_variables()
    assert len(read) > 20, read  # the pattern still finds the settings' variables

    assert read - saved_variables() - app_env_variables() == set()

"""proxy/chp-missing-or-broken: configurable-http-proxy installed where the hub's PATH
does not look.

The usual installation: Debian's node in /usr/bin, `npm install -g` puts
configurable-http-proxy in /usr/local/bin; a service that sets PATH to the hub's venv and
the system directories only does not see it.
"""

from __future__ import annotations

import pytest

from tests.hub.hub import CHP
from tests.hub.sections import fragment, section
from tests.hub.user_client import assert_login_page_answers
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

HUB_PATH = "/opt/hub/bin:/usr/bin:/bin"
LOGIN_PATH = "/usr/local/bin:/usr/bin:/bin"
NPM_GLOBAL_INSTALL = (
    'ln -sf "$(readlink -f /usr/local/bin/node)" /usr/bin/node\n'
    f"ln -sf {CHP} /usr/local/bin/configurable-http-proxy\n"
)


@pytest.mark.reproduces(
    "chp-missing-or-broken", "proxy-not-found", "failed-to-start-proxy", "file-not-found"
)
@pytest.mark.reproduces("proxy-fails-to-start", "failed-to-start-proxy")
def test_proxy_not_on_the_hubs_path(hub_factory, symptoms):
    broken = fragment("proxy/chp-missing-or-broken/broken.py")
    hub = hub_factory([broken], env={"PATH": HUB_PATH})
    hub.before_start(NPM_GLOBAL_INSTALL)
    assert hub.start_until_exit() == 1
    symptoms.all_seen(hub.observed())

    # Step 1 of the fix, in the hub's environment (the start is held so the container
    # runs): the proxy is not on the hub's PATH; with a login shell's PATH it is, at the
    # path the page's fix names.
    hub.before_start(NPM_GLOBAL_INSTALL)
    with hub.held_start():
        assert check_names(hub, "chp-missing-or-broken"), "check misses the proxy off PATH"
        check = section("proxy/chp-missing-or-broken/fix.sh", "check")
        as_hub = hub.exec(check)
        assert as_hub.exit_code != 0 and "not on this PATH" in as_hub.stdout, as_hub.output
        as_login = hub.exec(check, env={"PATH": LOGIN_PATH})
        assert as_login.exit_code == 0, as_login.output
        where = as_login.stdout.splitlines()[0]
        fix = fragment("proxy/chp-missing-or-broken/fix.py")
        assert f'["{where}"]' in section("proxy/chp-missing-or-broken/fix.py", "fix")

        # Step 3: the absolute command. The hub's PATH is unchanged; the hub starts.
        hub.reconfigure([broken, fix])
    symptoms.all_gone(hub.observed(run=-1))
    assert_login_page_answers(hub)
    assert not check_names(hub, "chp-missing-or-broken"), "check still names the fixed hub"

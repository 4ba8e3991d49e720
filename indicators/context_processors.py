from committees import versions
from kkintegration.common.http import request_memo

from .barometer.rollup import demo_present


def demo_values(request):
    """`demo_values` for templates: read at most once per request, and only where a
    template shows the banner."""
    return {
        "demo_values": lambda: request_memo(
            request, "demo-present", lambda: demo_present(versions.policy_for(request))
        )
    }

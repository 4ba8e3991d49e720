from .barometer import rollup


def demo_values(request):
    """`demo_values` for templates, evaluated only where a template shows the banner."""
    return {"demo_values": rollup.demo_present}

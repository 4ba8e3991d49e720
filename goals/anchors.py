"""The HTML ids of targets on their plan page."""


def target_anchors(targets):
    """HTML ids: "resultatmaal-3", or with the objective where numbers repeat in a plan."""
    numbers = [t.number for t in targets]
    return {
        t.pk: (
            f"resultatmaal-{t.number}"
            if numbers.count(t.number) == 1
            else f"maalsaetning-{t.objective.order}-resultatmaal-{t.number}"
        )
        for t in targets
    }

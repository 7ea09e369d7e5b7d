"""References for the graph stepper (notebook 03): what each step knows, from the graph's wiring."""

FORWARD = ("z", "a", "L")  # the forward steps, in order
BACKWARD = ("a", "z", "w1", "w2", "b")  # the backward steps (∂L/∂...), in order
STEPS = [("forward", n) for n in FORWARD] + [("backward", n) for n in BACKWARD]
#: What each step of the graph reads, from the graph's wiring: its inputs going forward,
#: the path from L going backward.
READS = {
    ("forward", "z"): {"x1", "w1", "x2", "w2", "b"},
    ("forward", "a"): {"z"},
    ("forward", "L"): {"a", "y"},
    ("backward", "a"): {"L"},
    ("backward", "z"): {"a", "L"},
    ("backward", "w1"): {"z", "a", "L"},
    ("backward", "w2"): {"z", "a", "L"},
    ("backward", "b"): {"z", "a", "L"},
}


def expected_values(record, step):
    """Node → value known at ``step``: the leaves always, z, a, L once computed."""
    values = {"x1": record.x[0], "x2": record.x[1], "w1": record.w[0], "w2": record.w[1], "b": record.b, "y": record.y}
    computed = {"z": record.z, "a": record.a, "L": record.loss}
    for name in FORWARD[: step + 1]:
        values[name] = computed[name]
    return values


def expected_grads(record, step):
    """Node → ∂L/∂node known at ``step``: none going forward; then ∂L/∂L = 1 and each one reached."""
    if step < len(FORWARD):
        return {}
    grads = {"a": record.dL_da, "z": record.dL_dz, "w1": record.grad_w[0], "w2": record.grad_w[1], "b": record.grad_b}
    return {"L": 1.0, **{name: grads[name] for name in BACKWARD[: step - len(FORWARD) + 1]}}


def expected_equation_numbers(record, phase, name):
    """The numbers the equation of a step writes after its symbols, in order."""
    r = record
    if phase == "forward":
        if name == "z":
            return [r.w[0], r.x[0], r.w[1], r.x[1], r.b, r.z]
        if name == "a":
            return [r.z, r.a]
        return [r.y, r.a, 1 - r.y, 1 - r.a, r.loss] if r.loss_name == "bce" else [r.a, r.y, r.loss]
    if name == "a":
        return [r.dL_da] if r.loss_name == "bce" else [2, r.a, r.y, r.dL_da]
    chain = [r.dL_da, r.da_dz]
    if name == "z":
        return chain + [r.dL_dz]
    local, grad = {"w1": (r.x[0], r.grad_w[0]), "w2": (r.x[1], r.grad_w[1]), "b": (1.0, r.grad_b)}[name]
    return chain + [local, grad]

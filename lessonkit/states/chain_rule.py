"""The numbers behind notebooks/03_chain_rule.ipynb: one neuron's computational
graph, stepped through node by node, with each step's equation."""

from .. import activations, text
from .._checks import check_index
from ..text import num, paren
from .case import NeuronCase


class GraphStepperState(NeuronCase):
    """One neuron (the course's example by default) as a computational graph,
    stepped through node by node: forward z, a, L, then backward ∂L/∂a, ∂L/∂z,
    ∂L/∂w1, ∂L/∂w2, ∂L/∂b.

    Parameters
    ----------
    step : int
        The current step, an index into ``STEPS`` (0 to 7).
    **inputs
        Fields of ``NeuronInputs``. ``set`` changes the step and the inputs alike.

    ``equation()`` is the current step's formula in LaTeX with the live numbers.
    """

    STEPS = (
        ("forward", "z"),
        ("forward", "a"),
        ("forward", "L"),
        ("backward", "a"),
        ("backward", "z"),
        ("backward", "w1"),
        ("backward", "w2"),
        ("backward", "b"),
    )

    def __init__(self, step=0, **inputs):
        self.step = 0
        super().__init__(step=step, **inputs)

    ALSO = ("step",)

    def set(self, **changes):
        """Change the step and/or inputs by name; nothing changes if one is invalid."""
        step = check_index("step", changes.pop("step"), len(self.STEPS)) if "step" in changes else self.step
        super().set(**changes)
        self.step = step

    @property
    def current(self):
        """(phase, node name) of the current step."""
        return self.STEPS[self.step]

    def values(self):
        """Node name → value, for every node whose value is known at this step."""
        r = self.record
        known = {"x1": r.x[0], "x2": r.x[1], "w1": r.w[0], "w2": r.w[1], "b": r.b, "y": r.y}
        computed = {"z": r.z, "a": r.a, "L": r.loss}
        for phase, name in self.STEPS[: self.step + 1]:
            if phase == "forward":
                known[name] = computed[name]
        if self.current[0] == "backward":
            known.update(computed)
        return {k: float(v) for k, v in known.items()}

    def grads(self):
        """Node name → ∂L/∂node, for every gradient known at this step."""
        r = self.record
        all_grads = {"a": r.dL_da, "z": r.dL_dz, "w1": r.grad_w[0], "w2": r.grad_w[1], "b": r.grad_b}
        known = {"L": 1.0} if self.current[0] == "backward" else {}
        for phase, name in self.STEPS[: self.step + 1]:
            if phase == "backward":
                known[name] = all_grads[name]
        return {k: float(v) for k, v in known.items()}

    def path(self):
        """The nodes the current step reads, from the current node back to where
        its numbers come from: its inputs going forward, the path from L going back."""
        phase, name = self.current
        if phase == "forward":
            return {"z": ["z", "x1", "w1", "x2", "w2", "b"], "a": ["a", "z"], "L": ["L", "a", "y"]}[name]
        return {"a": ["a", "L"], "z": ["z", "a", "L"]}.get(name, [name, "z", "a", "L"])

    def equation(self):
        """The current step's formula in LaTeX, symbols then live numbers."""
        r, (phase, name) = self.record, self.current
        f = activations.get(r.activation).tex
        if phase == "forward":
            if name == "z":
                return (
                    rf"z = w_1 x_1 + w_2 x_2 + b = ({num(r.w[0])})({num(r.x[0])}) + ({num(r.w[1])})({num(r.x[1])})"
                    rf" + ({num(r.b)}) = {num(r.z)}"
                )
            if name == "a":
                return rf"a = {f}(z) = {f}({num(r.z)}) = {num(r.a)}"
            if r.loss_name == "bce":
                return (
                    rf"L = -[y \log(a) + (1-y)\log(1-a)] = -[{num(r.y)} \cdot \log({num(r.a)}) + {num(1 - r.y)}"
                    rf" \cdot \log({num(1 - r.a)})] = {num(r.loss)}"
                )
            return rf"L = (a - y)^2 = ({num(r.a)} - {paren(r.y)})^2 = {num(r.loss)}"
        if name == "a":
            if r.loss_name == "bce":
                return (
                    rf"\frac{{\partial L}}{{\partial a}} = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}}"
                    rf" = {num(r.dL_da)}"
                )
            return rf"\frac{{\partial L}}{{\partial a}} = 2(a - y) = 2({num(r.a)} - {paren(r.y)}) = {num(r.dL_da)}"
        chain = (
            r"\frac{\partial L}{\partial a} \cdot \frac{\partial a}{\partial z}",
            f"({num(r.dL_da)})({num(r.da_dz)})",
        )
        if name == "z":
            return rf"\frac{{\partial L}}{{\partial z}} = {chain[0]} = {chain[1]} = {num(r.dL_dz)}"
        sym, local, grad = {
            "w1": ("w_1", r.x[0], r.grad_w[0]),
            "w2": ("w_2", r.x[1], r.grad_w[1]),
            "b": ("b", 1.0, r.grad_b),
        }[name]
        return (
            rf"\frac{{\partial L}}{{\partial {sym}}} = {chain[0]} \cdot \frac{{\partial z}}{{\partial {sym}}}"
            rf" = {chain[1]}({num(local)}) = {num(grad)}"
        )

    def equation_lines(self):
        """The equation as the graph stepper draws it: (its formula in LaTeX, "lhs = formula",
        for mathtext; its numbers as plain text, "= numbers = result"). Mathtext takes ~15 ms
        to parse a line, and the numbers change with every slider move; the formula does not."""
        lhs, formula, *numbers = self.equation().split(" = ")
        return f"{lhs} = {formula}", text.plain_math("= " + " = ".join(numbers))

"""StepThrough (notebook 05), headless: Next/Back, the stage slider, η and the number
boxes moved from Python; the numbers table, the graph's nodes, the verdict and the
arrow on the landscape against ``neuron_step`` recomputed here and numbers by hand."""

import math

import numpy as np
import pytest

from lessonkit import plots
from lessonkit.states import StepThroughState
from lessonkit.widgets import StepThrough
from lessonkit.widgets.update import pairs
from tests.references import NEURON_CASES, clip_to_box, recompute
from tests.references.chain_rule import BACKWARD
from tests.references.update import STAGE_FIELDS
from tests.shown import (
    NEGATIVE_ZERO,
    alt_of,
    arrow_of,
    before_after,
    boxes_colored,
    close3,
    drawn,
    node_shows,
    node_texts,
    numbers_in,
    png,
    pngs,
    point_of,
    shown_numbers,
    table_rows,
)


def controls_inputs(view):
    """The inputs the controls hold, as ``neuron_step`` takes them."""
    activation, loss = view.pair.value
    return dict(
        x=[view.x1.value, view.x2.value],
        y=view.y.value,
        w=[view.w1.value, view.w2.value],
        b=view.b.value,
        lr=view.lr.value,
        activation=activation,
        loss=loss,
    )


def check_step_through_drawn(view):
    """Everything the step-through shows, against neuron_step on the controls' values, recomputed here."""
    record, after = recompute(controls_inputs(view))
    s, stage = view.state, view.stage.value
    assert s.stage == stage
    for field in ("z", "a", "loss", "dL_da", "dL_dz", "grad_b", "b_new"):
        assert getattr(s.record, field) == pytest.approx(getattr(record, field), rel=1e-12, abs=1e-300), field
    np.testing.assert_allclose(s.record.w_new, record.w_new, rtol=1e-12)
    # the numbers table: one row per number shown, each to 5 decimals, then η's row
    rows = shown_numbers(view)
    assert len(rows) == len(STAGE_FIELDS[stage]) + 1, f"stage {stage}: {len(rows)} rows"
    for field, got in zip(STAGE_FIELDS[stage], rows):
        expected = np.atleast_1d(after.loss if field == "loss_after" else getattr(record, field))
        assert len(got) == len(expected), f"{field}: shows {got}"
        for g, e in zip(got, expected):
            assert abs(g - e) <= 5e-6 + 1e-5 * abs(e), f"stage {stage}, {field}: shows {g}, is {e}"
    assert "η = " in table_rows(view.numbers.value)[-1][1]
    # the graph: values once computed, gradients from the gradients stage on, old → new at the update
    texts = node_texts(view)
    shows = {name: node_shows(text) for name, text in texts.items()}
    assert close3(shows["z"][1], record.z) and close3(shows["a"][1], record.a), (texts["z"], texts["a"])
    assert (shows["L"][1] is not None) == (stage >= 1), texts["L"]
    if stage >= 1:
        assert close3(shows["L"][1], record.loss), texts["L"]
    grads = {"a": record.dL_da, "z": record.dL_dz, "w1": record.grad_w[0], "w2": record.grad_w[1], "b": record.grad_b}
    for name, g in grads.items():
        shown = shows[name][2]
        assert (shown is not None) == (stage >= 2), f"stage {stage}: {texts[name]!r}"
        assert shown is None or close3(shown, g), f"stage {stage}: {texts[name]!r}, ∂L/∂{name} = {g}"
    for name, old, new in (
        ("w1", record.w[0], record.w_new[0]),
        ("w2", record.w[1], record.w_new[1]),
        ("b", record.b, record.b_new),
    ):
        shown = shows[name][1]
        if stage == 3:
            assert isinstance(shown, tuple) and close3(shown[0], old) and close3(shown[1], new), texts[name]
        else:
            assert close3(shown, old), f"stage {stage}: {texts[name]!r}"
    for name in ("x1", "x2", "y"):
        assert close3(shows[name][1], view.controls[name].value), texts[name]
    # the verdict (a zero step is test_step_through_verdict_when_the_loss_stays)
    if stage < 3:
        assert view.verdict.value == ""
    elif after.loss != record.loss:
        assert ("went up" if after.loss > record.loss else "went down") in view.verdict.value, view.verdict.value
        shown = before_after(view.verdict.value)
        assert shown == pytest.approx([record.loss, after.loss], rel=1e-3, abs=5e-5), view.verdict.value
    # the landscape: the current w; at the update, the arrow from w towards w_new, cut at the chart's edge
    ax = view.landscape_ax
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert point_of(view.point) == pytest.approx(tuple(record.w))
    assert x0 < record.w[0] < x1 and y0 < record.w[1] < y1, "w is on the chart"
    assert view.arrow.get_visible() == view.point_new.get_visible() == (stage == 3)
    if stage == 3:
        head = clip_to_box(record.w, record.w_new, (x0, x1), (y0, y1))
        tail, drawn_head = arrow_of(view.arrow)
        assert tail == pytest.approx(tuple(record.w), rel=1e-12, abs=1e-12), "the arrow starts at w"
        assert drawn_head == pytest.approx(tuple(head), rel=1e-9, abs=1e-12), (
            f"the arrow ends at {drawn_head}, expected {tuple(head)} (w_new = {tuple(record.w_new)})"
        )
        assert point_of(view.point_new) == pytest.approx(tuple(head), rel=1e-9, abs=1e-12)
    assert view.error.value == ""
    return record, after


def test_step_through_offers_every_pair():
    assert pairs() == NEURON_CASES
    assert [value for _, value in StepThrough().pair.options] == NEURON_CASES


def test_step_through_next_back_and_stage():
    view = StepThrough()
    assert view.stage.value == 0 and view.back.disabled and not view.next.disabled
    check_step_through_drawn(view)
    pictures = [png(view.graph_panel)]
    for stage in (1, 2, 3):
        view.next.click()
        assert view.stage.value == view.state.stage == stage
        assert f"<b>{StepThroughState.STAGES[stage]}</b>" in view.stage_label.value
        check_step_through_drawn(view)
        pictures.append(png(view.graph_panel))
    assert len(set(pictures)) == 4, "each stage draws a different graph"
    assert view.next.disabled and not view.back.disabled
    view.next.click()
    assert view.stage.value == 3, "Next at the last stage stays there"
    view.back.click()
    assert view.stage.value == view.state.stage == 2
    check_step_through_drawn(view)
    view.stage.value = 0
    assert view.state.stage == 0 and view.back.disabled
    view.back.click()
    assert view.stage.value == 0
    check_step_through_drawn(view)


def test_step_through_highlights_what_each_stage_computes():
    view = StepThrough()
    active = [boxes_colored(view, plots.ACTIVE)]
    for _ in range(3):
        view.next.click()
        active.append(boxes_colored(view, plots.ACTIVE))
    assert active[0] in (["z"], ["a"]), f"forward: {active[0]}"
    assert active[1] == ["L"], f"loss: {active[1]}"
    assert len(active[2]) == 1 and active[2][0] in BACKWARD, f"gradients: {active[2]}"
    read = boxes_colored(view, plots.READ)
    assert set(read) >= {"w1", "w2", "b"}, f"update: the parameters that change are highlighted, got {read}"


def test_step_through_example_update_goes_down():
    view = StepThrough()
    landscape_before = png(view.landscape_panel)
    view.stage.value = 3
    check_step_through_drawn(view)
    assert "The loss went down" in view.verdict.value and "0.9130 → 0.7137" in view.verdict.value
    assert "went up" not in view.verdict.value
    # the example's step (0.060, 0.120) is short: the arrow ends at w_new itself
    assert arrow_of(view.arrow)[1] == pytest.approx((0.55986877, -0.38026247), abs=1e-8)
    assert drawn(view.landscape_panel, view.arrow), "the arrow is not drawn"
    assert png(view.landscape_panel) != landscape_before
    rows = shown_numbers(view)
    assert rows[-4:-1] == [[0.55987, -0.38026], [0.15987], [0.71375]]  # w_new, b_new, the loss after


def test_step_through_large_lr_goes_up():
    view = StepThrough()
    view.pair.value = ("identity", "mse")
    view.stage.value = 3
    check_step_through_drawn(view)
    assert "went down" in view.verdict.value  # η = 0.1 < 1/6: down
    view.lr.value = 1.0
    record, after = check_step_through_drawn(view)
    assert "The loss went up" in view.verdict.value and "1.9600 → 237.1600" in view.verdict.value
    assert "η = 1" in view.verdict.value
    # w_new = (0.5 + 2.8, −0.5 + 5.6) is off the chart: the arrow stops at its edge, pointing at w_new
    np.testing.assert_allclose(record.w_new, [3.3, 5.1], rtol=1e-12)
    tail, head = map(np.array, arrow_of(view.arrow))
    d = record.w_new - record.w
    assert (head - tail) @ d > 0 and abs((head - tail)[0] * d[1] - (head - tail)[1] * d[0]) < 1e-9, "along the step"
    (_, x1), (_, y1) = view.landscape_ax.get_xlim(), view.landscape_ax.get_ylim()
    assert math.isclose(head[0], x1) or math.isclose(head[1], y1), f"the head {head} is on the chart's edge"
    assert drawn(view.landscape_panel, view.arrow), "the clipped arrow is not drawn"


def test_step_through_number_boxes_and_pairs():
    view = StepThrough()
    view.stage.value = 3
    before = pngs(view)
    view.x1.value, view.x2.value = 2.0, -1.0
    view.w1.value, view.w2.value, view.b.value = 0.3, 0.8, 0.5
    view.y.value = 0.0
    s = view.state
    assert list(s.x) == [2.0, -1.0] and list(s.w) == [0.3, 0.8] and (s.b, s.y) == (0.5, 0.0)
    assert s.record.z == pytest.approx(0.3)  # 0.6 − 0.8 + 0.5
    a = 1 / (1 + math.exp(-0.3))
    assert s.record.loss == pytest.approx(-math.log(1 - a), rel=1e-12)
    np.testing.assert_allclose(s.record.grad_w, [a * 2.0, a * -1.0], rtol=1e-12)  # (a − y) x
    check_step_through_drawn(view)
    for picture, old in zip(pngs(view), before):
        assert picture != old
    for pair in NEURON_CASES:
        view.pair.value = pair
        assert (s.activation, s.loss_name) == pair
        check_step_through_drawn(view)
        assert f"a = {pair[0]}(z)" in view.numbers.value and f"L ({pair[1]})" in view.numbers.value
    view.lr.value = 0.01
    assert s.lr == 0.01
    check_step_through_drawn(view)


def test_step_through_a_pair_that_does_not_fit_the_target():
    view = StepThrough()
    view.pair.value = ("sigmoid", "mse")
    view.y.value = 1.5  # mse takes a target of 1.5, bce does not
    assert view.error.value == ""
    view.pair.value = ("sigmoid", "bce")
    assert "⚠ y: expected a target in [0, 1]" in view.error.value, view.error.value
    assert view.state.loss_name == "mse" and view.state.y == 1.5, "the state kept the last good inputs"
    view.y.value = 1.0
    assert view.error.value == "" and view.state.loss_name == "bce"
    check_step_through_drawn(view)


def test_step_through_landscape_follows_w():
    view = StepThrough()
    view.stage.value = 3
    before = png(view.landscape_panel)
    view.w1.value = -1.4
    lo, hi = view.landscape_ax.get_xlim()
    assert lo < -1.4 < hi, "the chart moved to the new w"
    check_step_through_drawn(view)
    assert png(view.landscape_panel) != before


@pytest.mark.parametrize("stage", range(4))
def test_the_learning_rate_row_follows_eta_at_every_stage(stage):
    view = StepThrough()
    view.stage.value = stage
    _, before = table_rows(view.numbers.value)[-1]
    assert "η = 0.1" in before, before
    view.lr.value = 0.5
    _, after = table_rows(view.numbers.value)[-1]
    assert after != before and "η = 0.5" in after, f"stage {stage}: the η row stays {after!r} when η moves"
    if StepThroughState.STAGES[stage] == "gradients":  # the step −η∇L, with ∇L = (σ(z) − y)(x1, x2, 1) by hand
        a = 1 / (1 + math.exp(0.4))
        assert numbers_in(after) == pytest.approx(
            [0.5, -0.5 * (a - 1), -0.5 * 2 * (a - 1), -0.5 * (a - 1)], abs=5e-6
        ), after


def test_step_through_verdict_when_the_loss_stays():
    view = StepThrough()
    view.pair.value = ("relu", "mse")
    view.w1.value = -1.0  # z = −1.9: relu is flat there, the gradient is 0 and the step is 0
    view.stage.value = 3
    s = view.state
    assert s.record.dL_dz == 0 and s.loss_after == s.record.loss == 1.0
    assert not s.overshoots
    assert "went down" not in view.verdict.value, (
        f"BUG: the loss stayed at {s.record.loss:.4f} (zero gradient), but the verdict says: {view.verdict.value}"
    )


def test_step_through_shows_no_negative_zero():
    view = StepThrough()
    view.pair.value = ("relu", "mse")
    view.w1.value = -1.0  # ∂L/∂z = (−2)·0 = −0.0, and so ∂L/∂w, ∂L/∂b
    view.stage.value = 3
    table = [text for _, text in table_rows(view.numbers.value) if NEGATIVE_ZERO.search(text)]
    graph = {n: t for n, t in node_texts(view).items() if NEGATIVE_ZERO.search(t)}
    assert not table and not graph, (
        f"BUG: negative zeros shown where the gradient is 0: in the numbers table {table}, in the graph {graph}"
    )


def test_step_through_says_its_graph_and_its_step_on_the_landscape():
    view = StepThrough()
    view.w1.value, view.lr.value = 0.2, 0.2
    z = 0.2 * 1 - 0.5 * 2 + 0.1  # −0.7, x = [1, 2], b = 0.1, y = 1
    a = 1 / (1 + math.exp(-z))
    graph, land = alt_of(view.graph_panel), alt_of(view.landscape_panel)
    assert "stage 1 of 4, forward" in graph and f"z = {z:.3f}" in graph and f"a = {a:.3f}" in graph
    assert "gradients" not in graph and "arrow" not in land
    assert numbers_in(land.split("white dot is the current weights w = ")[1]) == pytest.approx(
        [0.2, -0.5, -math.log(a)], abs=5e-5
    )
    # the chart: centred on w snapped to 0.3, ±0.6; −log σ(w1 + 2 w2 + 0.1) is lowest and highest at its corners
    lo, hi = math.log1p(math.exp(-(0.9 + 0.1))), math.log1p(math.exp(-(-0.3 - 2.4 + 0.1)))
    assert (
        "w1 from -0.30 to 0.90 (across) and w2 from -1.20 to 0.00 (up), with b = 0.10, as filled contours "
        f"from {lo:.4f} (dark) to {hi:.4f} (yellow)"
    ) in land
    view.stage.value = 3  # the update: w − η (a − y) x, b − η (a − y)
    w_new = [0.2 - 0.2 * (a - 1) * 1, -0.5 - 0.2 * (a - 1) * 2]
    b_new = 0.1 - 0.2 * (a - 1)
    after = 1 / (1 + math.exp(-(w_new[0] * 1 + w_new[1] * 2 + b_new)))
    graph, land = alt_of(view.graph_panel), alt_of(view.landscape_panel)
    assert f"w1 = 0.200→{w_new[0]:.3f}" in graph and f"b = 0.100→{b_new:.3f}" in graph
    assert f"∂L/∂w2 = {(a - 1) * 2:.3f}" in graph
    said = numbers_in(land.split("to w − η∂L/∂w = ")[1])
    assert said == pytest.approx([*w_new, -math.log(after)], abs=5e-5)
    assert "chart's edge" not in land  # w2 from −1.2 to 0 around w = (0.2, −0.5): the new w is on the chart
    view.lr.value = 100.0  # a step far off the chart
    assert "(the arrow stops at the chart's edge)" in alt_of(view.landscape_panel)

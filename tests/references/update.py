"""References for the step-through (notebook 05): what each stage shows."""

#: The fields shown, stage by stage (cumulative), in the order of the computation.
STAGE_FIELDS = [
    ["z", "a"],
    ["z", "a", "loss"],
    ["z", "a", "loss", "dL_da", "da_dz", "dL_dz", "grad_w", "grad_b"],
    ["z", "a", "loss", "dL_da", "da_dz", "dL_dz", "grad_w", "grad_b", "w_new", "b_new", "loss_after"],
]

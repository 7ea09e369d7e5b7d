# make lab        - set up .venv (first time only) and open the course in JupyterLab
# make test       - set up .venv (first time only) and run the whole test suite
# make notebooks  - re-execute every notebook in place, top to bottom, in a fresh kernel
PYTHON ?= python3
# The course's networks are small: a multithreaded BLAS only slows them down
# (threads waiting on each other cost more than the matrix products save).
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: lab test notebooks benchmark clean

lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/

test: $(VENV)/.installed
	$(BIN)/python -m pytest

notebooks: $(VENV)/.installed
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 notebooks/*.ipynb

benchmark: $(VENV)/.installed
	$(BIN)/python -m pip install -e ".[benchmark]"
	$(BIN)/python benchmarks/bench_train_step.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_dashboard.py
	$(BIN)/python benchmarks/bench_digits.py
	$(BIN)/python benchmarks/bench_browser.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

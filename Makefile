# make lab        - set up .venv with lessonkit and JupyterLab (first time only) and open the course in
#                   JupyterLab at notebooks/00_start_here.ipynb; ARGS="--port=9000 --no-browser" go to JupyterLab
# make test       - add the test and release tools to .venv (first time only) and run the whole test suite
# make check      - the fast tier: the tests without notebooks, browser, installs or other machines
# make check-nb NB=05_update - re-execute that notebook in place, then its strict nbval (here and under
#                   another BLAS kernel), its setup-cell and teaching checks, and its browser tests (its web page too)
# make notebooks  - re-execute every notebook in place, top to bottom, in a fresh kernel
# make envs       - build the environments of the install tests (tests/installs/envs.py): wheel, colab, binder, teach, hub
# make assignments - write the exercises as an nbgrader course into teaching/course/ (README: teaching with nbgrader)
# make lint       - ruff's lint and format checks, and the layering contracts (pyproject.toml)
# make bump VERSION=0.3.0 - write the version into the package, every notebook's setup cell and the docs
#                   (scripts/bump.py), then re-execute the notebooks
# make site       - build the course as a web page into _site/ (web/build.py): every notebook as it ran, its
#                   steppers and recorded runs moving without a kernel; REPO=owner/name links Binder and Colab
# make dist       - build the wheel and the sdist into dist/ and check them with twine
# make benchmark  - install the benchmark extra and run benchmarks/
PYTHON ?= python3
# The course's networks are small: a multithreaded BLAS only slows them down
# (threads waiting on each other cost more than the matrix products save).
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
VENV ?= .venv
BIN = $(VENV)/bin

# The environments in which the course is tested as others install it (tests/installs/).
ENVS = .venv-wheel/.installed .venv-colab/.installed .venv-binder/.installed .venv-teach/.installed .venv-hub/.installed

.PHONY: lab test check check-nb lint bump envs dist notebooks assignments benchmark site clean

# JupyterLab refuses to start as root (a container, a lab admin's shell) unless given --allow-root: pass it then only.
ifeq ($(shell id -u),0)
ALLOW_ROOT = --allow-root
endif

# The repository root is served, so the paths are Binder's: /lab/tree/notebooks/00_start_here.ipynb.
lab: $(VENV)/.installed
ifdef ALLOW_ROOT
	@echo "make lab: running as root, so JupyterLab gets $(ALLOW_ROOT) (it refuses to start as root without it)"
endif
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=. $(ARGS) notebooks/00_start_here.ipynb

# the environments (and the site's and the class benchmark's scripts) build two at a time, then the tests run on both cores
# (pytest-xdist; tests/conftest.py scope)
test: $(VENV)/.installed-test
	$(MAKE) -j2 envs $(SITE_JS) $(HUB_PROXY)
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=15

# the slow tiers are pytest markers (tests/conftest.py TIERS, CONTRIBUTING.md)
# on both cores (pytest-xdist, the views of one widget on one worker), with fewer values per control in the
# widget contract tests (tests/widgets/test_contract.py QUICK); no notebook, so without nbval's plugin
check: $(VENV)/.installed-test
	LESSONKIT_QUICK=1 $(BIN)/python -m pytest tests -m "not (notebooks or browser or installs or machines)" \
		-n 2 --dist loadgroup -p no:nbval -o addopts=-ra

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

NOTEBOOK_NAMES = $(basename $(notdir $(wildcard notebooks/[0-9][0-9]_*.ipynb)))
check-nb: $(VENV)/.installed-test $(SITE_JS)
	@test -n "$(NB)" -a -f "notebooks/$(NB).ipynb" || { echo "make check-nb NB=<one of: $(NOTEBOOK_NAMES)>"; exit 2; }
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 notebooks/$(NB).ipynb
	$(BIN)/python -m pytest notebooks/$(NB).ipynb tests -m "not (installs or machines)" -k "$(NB)"
	OPENBLAS_CORETYPE=Prescott $(BIN)/python -m pytest -q notebooks/$(NB).ipynb

envs: $(ENVS)

.venv-%/.installed: pyproject.toml tests/installs/envs.py | $(VENV)/.installed-test
	$(BIN)/python tests/installs/envs.py $*

# the course as repo2docker (mybinder.org, JupyterHub images) builds it: tests/installs/test_binder.py.
# It needs the image's Python (.binder/runtime.txt) on this machine: where it is missing, the build
# fails without stopping make test (-), and the binder tests skip, or fail in CI.
.venv-repo2docker/.installed: tests/installs/binder_env.py | $(VENV)/.installed
	-$(BIN)/python tests/installs/binder_env.py repo2docker

.venv-binder/.installed: .venv-repo2docker/.installed .binder/requirements.txt .binder/runtime.txt pyproject.toml
	-$(BIN)/python tests/installs/binder_env.py binder

# the scripts the site's pages load (require.js, ipywidgets' HTML manager, MathJax), from npm as
# web/package-lock.json pins them; make test installs them too, for tests/e2e/test_site.py
SITE_JS = web/node_modules/.package-lock.json
$(SITE_JS): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --ignore-scripts

site: $(VENV)/.installed $(SITE_JS)
	$(BIN)/python web/build.py _site $(if $(REPO),--repo $(REPO))

dist: $(VENV)/.installed-test
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*

bump: $(VENV)/.installed
	@test -n "$(VERSION)" || { echo "make bump VERSION=<x.y.z>; the version now: $$($(BIN)/python scripts/bump.py --current)"; exit 2; }
	$(BIN)/python scripts/bump.py $(VERSION)
	$(BIN)/python -m pip install -q -e .
	$(MAKE) notebooks

notebooks: $(VENV)/.installed
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 notebooks/*.ipynb

# nbgrader source notebooks, one assignment per lesson with exercises (lessonkit/teach/);
# nbgrader itself is the teach extra: pip install -e ".[teach]"
assignments: $(VENV)/.installed
	$(BIN)/python -m lessonkit.teach assignments teaching/course --notebooks notebooks

# the class benchmark's JupyterHub proxy, from npm as benchmarks/classroom/package-lock.json pins it;
# make test installs it too, for tests/installs/test_class_on_a_hub.py
HUB_PROXY = benchmarks/classroom/node_modules/.package-lock.json
$(HUB_PROXY): benchmarks/classroom/package-lock.json
	cd benchmarks/classroom && npm ci --no-audit --no-fund --ignore-scripts

benchmark: $(VENV)/.installed-test .venv-hub/.installed $(HUB_PROXY)
	$(BIN)/python -m pip install -e ".[benchmark]"
	$(BIN)/python benchmarks/bench_train_step.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_dashboard.py
	$(BIN)/python benchmarks/bench_digits.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_resources.py
	$(BIN)/python benchmarks/bench_first_slider.py
	$(BIN)/python benchmarks/bench_class.py
	$(BIN)/python benchmarks/bench_class.py --faults 8

# what a learner needs: lessonkit, editable, with its run-time dependencies (numpy, matplotlib, ipywidgets, JupyterLab)
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e .
	touch $@

# what the tests and a release add: pytest, pytest-xdist, nbval, Playwright, axe, hypothesis, ruff,
# import-linter; setuptools, build, twine
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -e ".[test,release]"
	touch $@

clean:
	rm -rf $(VENV) .venv-* .pytest_cache .hypothesis build dist _site web/node_modules benchmarks/classroom/node_modules

# CAS Array Planner. `make run` and `make test` install what they need first.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test test-habits dist dist-second bench profdist profile-edit fuzz test-native test-powershell test-bind test-wasm test-e2e tools tools-test tools-bench minimal-yew

run: tools ## build and serve on http://127.0.0.1:8080
	trunk serve --address 127.0.0.1 --port 8080

test: tools-test test-habits test-native test-powershell test-bind test-wasm test-e2e ## every test level; fails on any failure
	@echo "make test: all test levels passed"

tools:
	@scripts/ensure-tools.sh build

tools-test:
	@scripts/ensure-tools.sh test

test-habits: ## 0. rustfmt and clippy, warnings denied, natively and for the wasm app
	cargo fmt --all -- --check
	cd fuzz && cargo fmt -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p cas-planner-app --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native: ## 1. core logic, CLI, snapshots, properties
	cargo test --workspace

# The grammar's venv, made by scripts/ensure-tools.sh test (make tools-test).
PS_PYTHON := .tools/pyvenv/bin/python
PS_PLANS := target/powershell-plans

test-powershell: ## 1b. every PowerShell file parsed by a real grammar (tree-sitter-powershell): the collector, every plan
	@test -x $(PS_PYTHON) || { echo "test-powershell: no $(PS_PYTHON); run make tools-test first"; exit 1; }
	POWERSHELL_PLANS_DIR=$(CURDIR)/$(PS_PLANS) cargo test -p cas-planner-core --test powershell_plans
	$(PS_PYTHON) scripts/test-check-powershell.py
	$(PS_PYTHON) scripts/check-powershell.py $(PS_PLANS) collect-exchange.ps1

test-bind: tools-test ## 1c. BIND as the reference: named-checkzone -D against the importer, named and dig against dns::resolve
	cargo test -p cas-planner-core --test bind_reference -- --ignored

test-wasm: ## 2. components in headless Chromium (wasm-bindgen-test via wasm-pack; nothing downloaded)
	wasm-pack test --headless --chrome --chromedriver "$$(command -v chromedriver)" --mode no-install .

dist: tools ## release build into dist/ (static, relative URLs)
	trunk build --release

test-e2e: dist dist-second ## 3. end-to-end against the release dist/ in Chromium
	node --test tests/e2e/

# The same sources built again under another build id, for the update test
# (tests/e2e/update.test.mjs deploys it over dist/).
dist-second: dist
	CAS_PLANNER_BUILD=e2e-second trunk build --release --dist target/dist-second

minimal-yew: tools
	cd bench/minimal-yew && trunk build --release

tools-bench:
	@scripts/ensure-tools.sh bench

# The release wasm as rustc wrote it (before wasm-bindgen and wasm-opt): the
# one that still has function names for twiggy.
APP_WASM := target/wasm32-unknown-unknown/release/cas-planner-app.wasm

bench: tools-bench dist minimal-yew profdist ## print size, twiggy, first-render, Lighthouse, edit-latency and simulation figures
	cargo bench -p cas-planner-core --bench simulate
	cargo run -q --release -p cas-planner-core --bin cas-planner -- example large > target/large.casplan.json
	cargo run -q --release -p cas-planner-core --bin cas-planner -- example large-plan > target/large-plan.casplan.json
	@echo "== twiggy: where the wasm's bytes are ($(APP_WASM), before wasm-bindgen and wasm-opt) =="
	twiggy top -n 15 $(APP_WASM)
	twiggy monos -n 10 -m 1 $(APP_WASM)
	node scripts/size-owners.mjs target/profdist
	BENCH_LARGE_FILE=target/large.casplan.json BENCH_LARGE_PLAN_FILE=target/large-plan.casplan.json node scripts/bench.mjs
	node bench/lighthouse/lighthouse.mjs

# The release build again with wasm-opt keeping the function names (-g):
# the same code as dist/, for profiles and for who owns the wasm's bytes.
profdist: tools
	sed 's/data-wasm-opt="z"/data-wasm-opt="z" data-wasm-opt-params="-g"/' index.html > index.profile.html
	trunk build index.profile.html --release --dist target/profdist; status=$$?; rm -f index.profile.html; exit $$status

profile-edit: profdist ## CPU profile of the edit benchmark, per function (wasm keeps its names)
	test -f target/large.casplan.json || cargo run -q --release -p cas-planner-core --bin cas-planner -- example large > target/large.casplan.json
	BENCH_LARGE_FILE=target/large.casplan.json PROFILE_DIST=target/profdist node scripts/profile-edit.mjs

fuzz: ## fuzz the scenario loader for FUZZ_SECONDS (default 60)
	scripts/fuzz.sh

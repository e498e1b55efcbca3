.PHONY: run test
run:  ## install, build the index on first run, start the chat
	bash scripts/run.sh
test: ## install and run the test suite
	bash scripts/test.sh

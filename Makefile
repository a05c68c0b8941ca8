# `sam build` builds each function with BuildMethod: makefile: it runs `make build-<LogicalId>` with
# ARTIFACTS_DIR set, then zips what the target left there. Each target builds the function's
# deployment package with Maven (bin/package finds a JDK 21 or newer) and unpacks it into ARTIFACTS_DIR.

.PHONY: build-RegistrationFunction build-OAuthCallbackFunction build-ExecutorFunction

build-RegistrationFunction:
	bash bin/package registration "$(ARTIFACTS_DIR)"

build-OAuthCallbackFunction:
	bash bin/package oauth-callback "$(ARTIFACTS_DIR)"

build-ExecutorFunction:
	bash bin/package executor "$(ARTIFACTS_DIR)"

#!/usr/bin/env bash
# Checks on the packed packages, each printing one "PASS <check>: ..." or "FAIL <check>: ..." line (see count_checks).

# ChatRoom.Core depends on no token library: JWT validation lives in ChatRoom.Authentication.Jwt, so an app that
# authenticates another way (ASP.NET Core authentication, its own IChatAuthenticator) never gets Microsoft.IdentityModel.
check_core_has_no_token_library() {
  local packages="$1" package nuspec
  package="$(find "$packages" -maxdepth 1 -name 'ChatRoom.Core.[0-9]*.nupkg' 2>/dev/null | head -n 1)"
  if [ -z "$package" ]; then
    echo "FAIL core-dependencies: no ChatRoom.Core package in $packages"
    return
  fi

  nuspec="$(unzip -p "$package" 'ChatRoom.Core.nuspec')"
  if [ -z "$nuspec" ]; then
    echo "FAIL core-dependencies: $(basename "$package") has no ChatRoom.Core.nuspec"
  elif grep -qi 'id="Microsoft.IdentityModel' <<<"$nuspec"; then
    echo "FAIL core-dependencies: $(basename "$package") depends on $(grep -oi 'id="Microsoft.IdentityModel[^"]*"' <<<"$nuspec" | tr '\n' ' ')"
  else
    echo "PASS core-dependencies: $(basename "$package") depends on no Microsoft.IdentityModel package"
  fi
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary>
/// A stand-in for cookies, JwtBearer or OIDC: <c>X-Test-User: id;name;rooms</c> signs the request in with those claims
/// (under the claim types the test names), <c>X-Test-User: refuse</c> fails with a reason the app wrote, no header is anonymous.
/// </summary>
internal sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeader";
    public const string NameClaim = "display_name";
    public const string Refusal = "Your session has expired; sign in again.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers["X-Test-User"].ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (header == "refuse")
        {
            return Task.FromResult(AuthenticateResult.Fail(new AuthenticationFailureException(Refusal)));
        }

        var parts = header.Split(';');
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]), new(NameClaim, parts[1]) };
        claims.AddRange(parts.Skip(2).Select(static room => new Claim("rooms", room)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

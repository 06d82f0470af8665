using ChatRoom.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Authentication.Jwt.Internal;

/// <summary>
/// Checks an HMAC-signed JWT from the <c>Authorization: Bearer</c> header or the <c>access_token</c> query parameter and
/// turns its claims into the connection's identity. Never logs or echoes the token.
/// </summary>
internal sealed class JwtAuthenticator : IChatAuthenticator
{
    public const int MaxTokenBytes = 16 * 1024;
    public const int MaxGrantedRooms = 100;

    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = MaxTokenBytes };
    private readonly TokenValidationParameters _parameters;
    private readonly JwtAuthenticationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public JwtAuthenticator(IOptions<JwtAuthenticationOptions> options, TimeProvider timeProvider, ILogger<JwtAuthenticator>? logger = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger<JwtAuthenticator>.Instance;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(JwtSigningKey.ToBytes(_options.SigningKey!)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidateIssuer = !string.IsNullOrEmpty(_options.Issuer),
            ValidIssuer = _options.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(_options.Audience),
            ValidAudience = _options.Audience,

            // Lifetime is checked below against the injected TimeProvider, with reasons of its own.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateTokenReplay = false,
        };
    }

    public async ValueTask<AuthenticationResult> AuthenticateAsync(ConnectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var token = BearerToken.Find(metadata, out var malformedHeader);
        if (malformedHeader)
        {
            return Fail("The Authorization header is not a bearer token; send \"Authorization: Bearer <token>\".");
        }

        if (token is null)
        {
            return _options.AllowAnonymous
                ? AuthenticationResult.Anonymous
                : Fail("A token is required: pass it in the access_token query parameter or an Authorization: Bearer header.");
        }

        if (token.Length > MaxTokenBytes)
        {
            return Fail($"The token is longer than {MaxTokenBytes} characters.");
        }

        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the token contains, the answer is "unauthenticated", never an exception.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Fail(Describe(ex));
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Fail(Describe(result.Exception));
        }

        return CheckLifetime(jwt) ?? ReadIdentity(jwt);
    }

    private AuthenticationResult? CheckLifetime(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _))
        {
            return Fail("The token has no expiry (exp); tokens must expire.");
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo + _options.ClockSkew <= now)
        {
            return Fail("The token has expired; get a new one.");
        }

        if (jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _) && jwt.ValidFrom - _options.ClockSkew > now)
        {
            return Fail("The token is not valid yet (nbf is in the future).");
        }

        return null;
    }

    private AuthenticationResult ReadIdentity(JsonWebToken jwt)
    {
        var userId = jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var sub) ? sub : null;
        if (string.IsNullOrEmpty(userId))
        {
            return Fail("The token has no subject (sub).");
        }

        if (!UserIds.IsValid(userId))
        {
            return Fail($"The token's subject (sub) is not a valid user id ({UserIds.Rule}).");
        }

        var name = StringClaim(jwt, JwtRegisteredClaimNames.Name) ?? StringClaim(jwt, JwtRegisteredClaimNames.PreferredUsername) ?? userId;
        if (!DisplayName.IsValid(name))
        {
            return Fail($"The token's name is not a valid display name ({DisplayName.Rule}).");
        }

        var rooms = new List<string>();
        foreach (var claim in jwt.Claims)
        {
            if (!string.Equals(claim.Type, _options.RoomsClaim, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var room in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (RoomName.IsValid(room) && !rooms.Contains(room, StringComparer.Ordinal))
                {
                    rooms.Add(room);
                }
            }
        }

        if (rooms.Count > MaxGrantedRooms)
        {
            return Fail($"The token grants more than {MaxGrantedRooms} rooms.");
        }

        return AuthenticationResult.Success(new ChatIdentity { UserId = userId, Name = name, GrantedRooms = rooms });
    }

    private static string? StringClaim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private AuthenticationResult Fail(string reason)
    {
        Log.TokenRejected(_logger, reason);
        return AuthenticationResult.Fail(reason);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAlgorithmException => "The token's algorithm is not accepted; sign it with HS256, HS384 or HS512.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenInvalidIssuerException => "The token's issuer (iss) is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience (aud) is not accepted.",
        SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT.",
        _ => "The token is not valid.",
    };
}

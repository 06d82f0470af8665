using System.Text;
using ChatRoom.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// Token mode: ASP.NET Core's JwtBearer checks an HMAC-signed JWT from the <c>access_token</c> query parameter (browsers
/// cannot set headers on a WebSocket) or an <c>Authorization: Bearer</c> header, with the <c>ChatRoom:Jwt</c> settings;
/// <c>MapChatRoom</c> then reads the identity from the claims. Failures reach the client as short reasons that never
/// repeat the token.
/// </summary>
internal static class TokenAuthentication
{
    public const string QueryParameter = "access_token";

    /// <summary>The longest token read, in characters: an upper bound on the work one request can cause.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>Registers JwtBearer as the default scheme, and refuses connections without a token unless <c>AllowAnonymous</c> is set.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="chatSection">The <c>ChatRoom</c> section; its <c>Jwt</c> subsection holds <see cref="JwtOptions"/>.</param>
    /// <param name="mode">Whether a token is required.</param>
    public static void Add(IServiceCollection services, IConfigurationSection chatSection, AuthMode mode)
    {
        services.AddOptions<JwtOptions>()
            .Bind(chatSection.GetSection(JwtOptions.SectionName))
            .Validate(static o => o.HasUsableSigningKey, $"ChatRoom:Jwt:SigningKey is too short: an HMAC secret needs at least {JwtOptions.MinSigningKeyBytes} bytes (UTF-8).")
            .Validate(static o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= JwtOptions.MaxClockSkew, $"ChatRoom:Jwt:ClockSkew must be between 00:00:00 and {JwtOptions.MaxClockSkew}.")
            .Validate(static o => !string.IsNullOrWhiteSpace(o.RoomsClaim), "ChatRoom:Jwt:RoomsClaim must name a claim (default \"rooms\").")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>(static (bearer, jwt) => Configure(bearer, jwt.Value));

        if (mode.TokenRequired)
        {
            services.Replace(ServiceDescriptor.Singleton<IChatAuthenticator, TokenRequiredAuthenticator>());
        }
    }

    /// <summary>Tells <c>MapChatRoom</c> which claims hold the user id and the granted rooms (the name is the identity's name).</summary>
    /// <param name="endpoint">The endpoint's options.</param>
    /// <param name="jwt">The token settings.</param>
    public static void UseTokenClaims(ChatRoomEndpointOptions endpoint, JwtOptions jwt)
    {
        // Claims keep their JWT names (MapInboundClaims is off), so the user id is "sub", not ClaimTypes.NameIdentifier.
        endpoint.UserIdClaimType = JwtRegisteredClaimNames.Sub;
        endpoint.RoomsClaimType = jwt.RoomsClaim;
    }

    private static void Configure(JwtBearerOptions bearer, JwtOptions jwt)
    {
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey ?? string.Empty)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer),
            ValidIssuer = jwt.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(jwt.Audience),
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = jwt.ClockSkew,

            // The display name: "name", else "preferred_username"; without either MapChatRoom uses the user id.
            NameClaimTypeRetriever = static (token, _) =>
                token is JsonWebToken t && t.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Name, out var name) && !string.IsNullOrEmpty(name)
                    ? JwtRegisteredClaimNames.Name
                    : JwtRegisteredClaimNames.PreferredUsername,
        };
        bearer.Events = new JwtBearerEvents
        {
            OnMessageReceived = static context =>
            {
                var query = context.Request.Query[QueryParameter].ToString();
                if (query.Length > 0)
                {
                    context.Token = query;
                }

                // Without a query token the handler reads the Authorization header itself.
                var candidate = context.Token ?? context.Request.Headers.Authorization.ToString();
                if (candidate.Length > MaxTokenLength)
                {
                    context.Fail(new AuthenticationFailureException($"The token is longer than {MaxTokenLength} characters."));
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = static context =>
            {
                // MapChatRoom sends an AuthenticationFailureException's message to the client, and nothing of any other exception.
                context.Fail(new AuthenticationFailureException(Describe(context.Exception)));
                return Task.CompletedTask;
            },
        };
    }

    private static string Describe(Exception exception) => exception switch
    {
        SecurityTokenNoExpirationException => "The token has no expiry (exp); tokens must expire.",
        SecurityTokenExpiredException => "The token has expired; get a new one.",
        SecurityTokenNotYetValidException => "The token is not valid yet (nbf is in the future).",
        SecurityTokenInvalidAlgorithmException => "The token's algorithm is not accepted; sign it with HS256, HS384 or HS512.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenInvalidIssuerException => "The token's issuer (iss) is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience (aud) is not accepted.",
        SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT.",
        _ => "The token is not valid.",
    };
}

using ChatRoom.Authentication.Jwt;
using ChatRoom.Authentication.Jwt.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Adds JWT authentication on connect.</summary>
public static class ChatRoomBuilderJwtExtensions
{
    /// <summary>Requires a JWT on connect, with default options; set <see cref="JwtAuthenticationOptions.SigningKey"/> another way (e.g. <c>services.Configure</c>).</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddJwtAuthentication(this IChatRoomBuilder builder) => builder.AddJwtAuthentication(static _ => { });

    /// <summary>Requires a JWT on connect, with options from configuration.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">The <c>ChatRoom</c> section; its <c>Jwt</c> subsection holds <see cref="JwtAuthenticationOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddJwtAuthentication(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddJwtAuthentication(static _ => { });
        builder.Services.Configure<JwtAuthenticationOptions>(configuration.GetSection(JwtAuthenticationOptions.SectionName));
        return builder;
    }

    /// <summary>
    /// Requires a JWT on connect: the <c>access_token</c> query parameter or an <c>Authorization: Bearer</c> header,
    /// HMAC-signed with <see cref="JwtAuthenticationOptions.SigningKey"/>. The token's claims give the user id, the
    /// display name and the private rooms it grants; a missing, invalid or expired token refuses the connection as
    /// unauthenticated. Options are validated at start-up.
    /// </summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets options.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddJwtAuthentication(this IChatRoomBuilder builder, Action<JwtAuthenticationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<JwtAuthenticationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtAuthenticationOptions>, JwtAuthenticationOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IChatAuthenticator, JwtAuthenticator>());
        return builder;
    }
}

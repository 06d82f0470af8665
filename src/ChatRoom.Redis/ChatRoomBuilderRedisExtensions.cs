using ChatRoom.Redis;
using ChatRoom.Redis.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Adds Redis: stores and a backplane (several nodes on Redis alone), or a backplane beside other stores.</summary>
public static class ChatRoomBuilderRedisExtensions
{
    /// <summary>
    /// Keeps connections, memberships, history, seqs and de-duplication in Redis and carries broadcasts between nodes
    /// through it: any number of nodes on one Redis serve one chat. Options come from the <c>Redis</c> subsection.
    /// </summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">A section with a <c>Redis</c> subsection (<see cref="RedisOptions"/>), usually <c>ChatRoom</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddRedis(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddRedis(static _ => { });
        builder.Services.Configure<RedisOptions>(configuration.GetSection(RedisOptions.SectionName));
        return builder;
    }

    /// <summary>
    /// Keeps connections, memberships, history, seqs and de-duplication in Redis and carries broadcasts between nodes
    /// through it: any number of nodes on one Redis serve one chat. A message's seq, its history entry and its
    /// publish are one script, so every node sees a room's messages in seq order.
    /// </summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets the options; <see cref="RedisOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddRedis(this IChatRoomBuilder builder, Action<RedisOptions> configure)
    {
        builder.AddRedisBackplane(configure);
        builder.Services.Replace(ServiceDescriptor.Singleton<IConnectionStore, RedisConnectionStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageStore, RedisMessageStore>());
        return builder;
    }

    /// <summary>
    /// Carries broadcasts between nodes through Redis, beside any stores (for example DynamoDB's): each node delivers
    /// to its own sockets and reaches other nodes' connections through Redis. Options come from the <c>Redis</c> subsection.
    /// </summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">A section with a <c>Redis</c> subsection (<see cref="RedisOptions"/>), usually <c>ChatRoom</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddRedisBackplane(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddRedisBackplane(static _ => { });
        builder.Services.Configure<RedisOptions>(configuration.GetSection(RedisOptions.SectionName));
        return builder;
    }

    /// <summary>
    /// Carries broadcasts between nodes through Redis, beside any stores (for example DynamoDB's): each node delivers
    /// to its own sockets and reaches other nodes' connections through Redis.
    /// </summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets the options; <see cref="RedisOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Each node holds a lease in Redis (<see cref="RedisOptions.NodeLeaseDuration"/>); the connections of a node whose
    /// lease runs out are removed by the others. The node needs a host that runs hosted services (ASP.NET Core, the
    /// generic host); the <c>redis</c> health probe is registered for <c>AddChatRoomHealthChecks()</c>.
    /// </remarks>
    public static IChatRoomBuilder AddRedisBackplane(this IChatRoomBuilder builder, Action<RedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<RedisOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<RedisNode>();
        services.TryAddSingleton<RedisBackplane>();
        services.TryAddSingleton<IChatBackplane>(static provider => provider.GetRequiredService<RedisBackplane>());
        services.Replace(ServiceDescriptor.Singleton<IConnectionMessenger, RedisRoutingMessenger>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatRoomHealthProbe, RedisHealthProbe>());
        services.AddHostedService<RedisNodeLease>();
        return builder;
    }
}

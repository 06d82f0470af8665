using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Adds the DynamoDB stores.</summary>
public static class ChatRoomBuilderDynamoDbExtensions
{
    /// <summary>Keeps connections, memberships and history in DynamoDB, with default options (table <c>ChatRoom</c>).</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddDynamoDb(this IChatRoomBuilder builder) => builder.AddDynamoDb(static _ => { });

    /// <summary>Keeps connections, memberships and history in DynamoDB, with options from configuration.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">The <c>ChatRoom</c> section; its <c>DynamoDb</c> subsection holds <see cref="DynamoDbOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddDynamoDb(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddDynamoDb(static _ => { });
        builder.Services.Configure<DynamoDbOptions>(configuration.GetSection(DynamoDbOptions.SectionName));
        return builder;
    }

    /// <summary>Keeps connections, memberships and history in DynamoDB.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets options.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// An <c>IAmazonDynamoDB</c> registered in the container (e.g. by <c>AddAWSService</c>) is used when present; otherwise one is built from the options.
    /// The <c>dynamodb</c> health probe (the table exists and is ACTIVE) is registered too, for <c>AddChatRoomHealthChecks()</c>.
    /// In a host that runs hosted services, a node that delivers in process (no backplane, no API Gateway messenger)
    /// claims the table at start and refuses to start beside another such node; see docs/aws.md.
    /// </remarks>
    public static IChatRoomBuilder AddDynamoDb(this IChatRoomBuilder builder, Action<DynamoDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<DynamoDbOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbOptions>, DynamoDbOptionsValidator>());
        services.TryAddSingleton<DynamoDbClientAccessor>();
        services.Replace(ServiceDescriptor.Singleton<IConnectionStore, DynamoDbConnectionStore>());
        services.Replace(ServiceDescriptor.Singleton<IMessageStore, DynamoDbMessageStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatRoomHealthProbe, DynamoDbHealthProbe>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DynamoDbNodeRegistry>());
        return builder;
    }

    /// <summary>Creates the configured table if it is missing and waits until it is ACTIVE (local development and tests).</summary>
    /// <param name="services">The built service provider.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the table is ready.</returns>
    public static Task EnsureChatRoomTableAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var client = services.GetRequiredService<DynamoDbClientAccessor>().Client;
        var tableName = services.GetRequiredService<IOptions<DynamoDbOptions>>().Value.TableName;
        return ChatRoomTable.EnsureCreatedAsync(client, tableName, cancellationToken);
    }
}

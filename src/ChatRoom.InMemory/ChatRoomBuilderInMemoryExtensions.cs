using ChatRoom.InMemory;
using ChatRoom.InMemory.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatRoom;

/// <summary>Adds the in-memory adapter: the connection store and the message store.</summary>
public static class ChatRoomBuilderInMemoryExtensions
{
    /// <summary>Uses in-memory stores with default options.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddInMemory(this IChatRoomBuilder builder) => builder.AddInMemory(static _ => { });

    /// <summary>Uses in-memory stores, with options from configuration.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configuration">A section with an <c>InMemory</c> subsection (<see cref="InMemoryOptions"/>), usually <c>ChatRoom</c>.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddInMemory(this IChatRoomBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        builder.AddInMemory(static _ => { });
        builder.Services.Configure<InMemoryOptions>(configuration.GetSection(InMemoryOptions.SectionName));
        return builder;
    }

    /// <summary>Uses in-memory stores.</summary>
    /// <param name="builder">The builder from <c>AddChatRoom()</c>.</param>
    /// <param name="configure">Sets the stores' options.</param>
    /// <returns>The builder.</returns>
    public static IChatRoomBuilder AddInMemory(this IChatRoomBuilder builder, Action<InMemoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.AddOptions<InMemoryOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InMemoryOptions>, InMemoryOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IConnectionStore, InMemoryConnectionStore>());
        services.Replace(ServiceDescriptor.Singleton<IMessageStore, InMemoryMessageStore>());
        return builder;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Core.Tests;

internal static class ServiceCollectionTestExtensions
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with <paramref name="decorate"/>(the original),
    /// so a substitute can wrap the real in-memory adapter (whose types are internal to its assembly).
    /// </summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is not registered.");
        services.Remove(original);
        services.AddSingleton(provider => decorate((TService)Create(provider, original)));
        return services;
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);
}

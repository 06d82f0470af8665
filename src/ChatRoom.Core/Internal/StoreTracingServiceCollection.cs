using System.Collections;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Internal;

/// <summary>
/// The service collection that <see cref="IChatRoomBuilder.Services"/> hands to adapters: a store registered through it
/// (<c>Add</c>, <c>TryAdd</c> or <c>Replace</c> of <see cref="IConnectionStore"/> or <see cref="IMessageStore"/>) is kept as a
/// keyed service and the port itself resolves to a tracing decorator around it, whatever the adapter.
/// </summary>
/// <remarks>
/// Adapters register their stores after <c>AddChatRoom()</c> and replace earlier ones, so the decorator cannot be
/// registered once up front; intercepting the registration wraps the store that finally wins. Everything else
/// passes straight through to the application's collection.
/// </remarks>
internal sealed class StoreTracingServiceCollection(IServiceCollection inner) : IServiceCollection
{
    /// <summary>The key of the adapter's own store registration, behind the decorator.</summary>
    public static readonly object InnerStoreKey = new();

    public int Count => inner.Count;

    public bool IsReadOnly => inner.IsReadOnly;

    public ServiceDescriptor this[int index]
    {
        get => inner[index];
        set
        {
            if (IsStore(value))
            {
                inner[index] = Decorator(value);
                RemoveInnerStore(value.ServiceType);
                inner.Add(Keyed(value));
            }
            else
            {
                inner[index] = value;
            }
        }
    }

    public void Add(ServiceDescriptor item)
    {
        if (IsStore(item))
        {
            RemoveInnerStore(item.ServiceType);
            inner.Add(Keyed(item));
            inner.Add(Decorator(item));
        }
        else
        {
            inner.Add(item);
        }
    }

    public void Insert(int index, ServiceDescriptor item)
    {
        if (IsStore(item))
        {
            inner.Insert(index, Decorator(item));
            RemoveInnerStore(item.ServiceType);
            inner.Add(Keyed(item));
        }
        else
        {
            inner.Insert(index, item);
        }
    }

    public void Clear() => inner.Clear();

    public bool Contains(ServiceDescriptor item) => inner.Contains(item);

    public void CopyTo(ServiceDescriptor[] array, int arrayIndex) => inner.CopyTo(array, arrayIndex);

    public IEnumerator<ServiceDescriptor> GetEnumerator() => inner.GetEnumerator();

    public int IndexOf(ServiceDescriptor item) => inner.IndexOf(item);

    public bool Remove(ServiceDescriptor item) => inner.Remove(item);

    public void RemoveAt(int index) => inner.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsStore(ServiceDescriptor descriptor) =>
        !descriptor.IsKeyedService && (descriptor.ServiceType == typeof(IConnectionStore) || descriptor.ServiceType == typeof(IMessageStore));

    private void RemoveInnerStore(Type serviceType)
    {
        for (var i = inner.Count - 1; i >= 0; i--)
        {
            if (inner[i].ServiceType == serviceType && ReferenceEquals(inner[i].ServiceKey, InnerStoreKey))
            {
                inner.RemoveAt(i);
            }
        }
    }

    private static ServiceDescriptor Keyed(ServiceDescriptor descriptor)
    {
        if (descriptor.ImplementationInstance is { } instance)
        {
            return new ServiceDescriptor(descriptor.ServiceType, InnerStoreKey, instance);
        }

        if (descriptor.ImplementationFactory is { } factory)
        {
            return new ServiceDescriptor(descriptor.ServiceType, InnerStoreKey, (provider, _) => factory(provider), descriptor.Lifetime);
        }

        return new ServiceDescriptor(descriptor.ServiceType, InnerStoreKey, descriptor.ImplementationType!, descriptor.Lifetime);
    }

    private static ServiceDescriptor Decorator(ServiceDescriptor descriptor) => descriptor.ServiceType == typeof(IConnectionStore)
        ? new ServiceDescriptor(typeof(IConnectionStore), static provider => new TracingConnectionStore(provider.GetRequiredKeyedService<IConnectionStore>(InnerStoreKey)), descriptor.Lifetime)
        : new ServiceDescriptor(typeof(IMessageStore), static provider => new TracingMessageStore(provider.GetRequiredKeyedService<IMessageStore>(InnerStoreKey)), descriptor.Lifetime);
}

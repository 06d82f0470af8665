using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ChatRoom.AwsCost;

/// <summary>
/// An <see cref="IAmazonDynamoDB"/> that sets <c>ReturnConsumedCapacity = TOTAL</c> on each request before passing it
/// to the real client, so that every response reports the capacity it consumed. Nothing else changes: the same
/// operations read and write the same items.
/// </summary>
[SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives a class from it at run time.")]
internal class CapacityRequestingProxy : DispatchProxy
{
    private IAmazonDynamoDB? _target;

    public static IAmazonDynamoDB Wrap(IAmazonDynamoDB target)
    {
        var proxy = Create<IAmazonDynamoDB, CapacityRequestingProxy>();
        ((CapacityRequestingProxy)(object)proxy)._target = target;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        foreach (var argument in args ?? [])
        {
            AskForCapacity(argument);
        }

        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static void AskForCapacity(object? argument)
    {
        var total = ReturnConsumedCapacity.TOTAL;
        switch (argument)
        {
            case GetItemRequest r: r.ReturnConsumedCapacity = total; break;
            case PutItemRequest r: r.ReturnConsumedCapacity = total; break;
            case UpdateItemRequest r: r.ReturnConsumedCapacity = total; break;
            case DeleteItemRequest r: r.ReturnConsumedCapacity = total; break;
            case QueryRequest r: r.ReturnConsumedCapacity = total; break;
            case ScanRequest r: r.ReturnConsumedCapacity = total; break;
            case BatchWriteItemRequest r: r.ReturnConsumedCapacity = total; break;
            case BatchGetItemRequest r: r.ReturnConsumedCapacity = total; break;
            case TransactWriteItemsRequest r: r.ReturnConsumedCapacity = total; break;
            default: break;
        }
    }
}

using MassTransit;
using Microsoft.Extensions.Logging;
using SmePlatform.Data;

namespace SmePlatform.Messaging;

/// <summary>
/// A consumer whose effect and the record of the message id commit in one transaction, so a redelivered or
/// republished message changes nothing. Failures are not swallowed: they propagate to MassTransit's retry and,
/// when retries are exhausted, to the error queue.
/// </summary>
public abstract partial class InboxConsumer<TMessage>(UnitOfWorkFactory units, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    protected abstract Task HandleAsync(TMessage message, UnitOfWork unit, CancellationToken cancellationToken);

    /// <summary>
    /// False when, judged from the message alone, this consumer has nothing to do with it (a kind it does not record):
    /// the message is then acknowledged without a transaction or an inbox row, since a redelivery would change nothing
    /// either. A consumer subscribed to an event of which it records only a few kinds saves a database transaction for
    /// every other one.
    /// </summary>
    protected virtual bool Concerns(TMessage message) => true;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; cannot deduplicate.");
        if (!Concerns(context.Message))
        {
            return;
        }

        await using var unit = await units.BeginAsync(context.CancellationToken);
        if (!await unit.TryRecordInboxAsync(messageId, GetType().Name, typeof(TMessage).Name, context.CancellationToken))
        {
            LogDuplicate(logger, typeof(TMessage).Name, messageId);
            return;
        }

        await HandleAsync(context.Message, unit, context.CancellationToken);
        await unit.CommitAsync(context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {MessageType} {MessageId}: already handled")]
    private static partial void LogDuplicate(ILogger logger, string messageType, Guid messageId);
}

using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace SmePlatform.Tracing.Tests;

/// <summary>
/// Where every host of the test exports its finished spans (OpenTelemetry's in-memory exporter adds to it). In one
/// process each host's tracer provider hears every host's sources, so the same span arrives once per host: it is
/// kept once, by span id. Exporters of different hosts add concurrently, hence the concurrent dictionary.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly ConcurrentDictionary<ActivitySpanId, Activity> spans = new();

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) =>
        [.. spans.Values.Where(span => span.TraceId == traceId).OrderBy(span => span.StartTimeUtc)];

    public void Add(Activity item) => spans.TryAdd(item.SpanId, item);

    public int Count => spans.Count;

    public bool IsReadOnly => false;

    public void Clear() => spans.Clear();

    public bool Contains(Activity item) => spans.ContainsKey(item.SpanId);

    public void CopyTo(Activity[] array, int arrayIndex) => spans.Values.CopyTo(array, arrayIndex);

    public bool Remove(Activity item) => spans.TryRemove(item.SpanId, out _);

    public IEnumerator<Activity> GetEnumerator() => spans.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

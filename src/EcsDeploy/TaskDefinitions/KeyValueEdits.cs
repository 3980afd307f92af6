using EcsDeploy.Runtime;

namespace EcsDeploy.TaskDefinitions;

/// <summary>One line of a key=value input: set <see cref="Key"/> to <see cref="Value"/>, or remove it when Value is null.</summary>
public sealed record KeyValueEdit(string Key, string? Value);

/// <summary>The lines of a key=value input and whether they replace the whole list or merge into it.</summary>
public sealed record KeyValueEdits(bool Replace, IReadOnlyList<KeyValueEdit> Items)
{
    public static readonly KeyValueEdits None = new(false, []);

    public bool IsEmpty => Items.Count == 0;

    /// <summary>
    /// Reads lines "KEY=value" (the value is everything after the first '=', trimmed; "KEY=" is an empty value) and
    /// "-KEY" (remove). Problems go to <paramref name="reader"/>, naming the input and quoting the line.
    /// </summary>
    internal static KeyValueEdits Parse(InputReader reader, string input, bool replace, bool valueRequired)
    {
        var items = new List<KeyValueEdit>();
        foreach (var line in reader.GetLines(input))
        {
            if (line.StartsWith('-'))
            {
                var key = line[1..].Trim();
                if (replace)
                {
                    reader.AddError(input, line, "removes a key, which means nothing when the list is replaced; leave the line out");
                }
                else if (!IsValidKey(key))
                {
                    reader.AddError(input, line, "does not name a key to remove; write -KEY");
                }
                else
                {
                    items.Add(new KeyValueEdit(key, null));
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                reader.AddError(input, line, "is neither KEY=value nor -KEY");
                continue;
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (!IsValidKey(name))
            {
                reader.AddError(input, line, "has no key before '='; write KEY=value");
            }
            else if (valueRequired && value.Length == 0)
            {
                reader.AddError(input, line, "has no value after '='; write KEY=value");
            }
            else
            {
                items.Add(new KeyValueEdit(name, value));
            }
        }

        return new KeyValueEdits(replace, items);
    }

    private static bool IsValidKey(string key) => key.Length > 0 && !key.Any(char.IsWhiteSpace);
}

using System.Text;

namespace Ablation.Tests.Dashboard.Results;

/// <summary>A strict RFC 4180 reader for the tests, to show the exports parse back field for field.</summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < csv.Length)
        {
            if (csv[i] == '"')
            {
                i++;
                while (true)
                {
                    if (csv[i] == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (csv[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(csv[i++]);
                    }
                }
            }
            else if (csv[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (csv[i] == '\r' && csv[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', csv[i]); // a bare line break outside quotes would split a record
                field.Append(csv[i++]);
            }
        }

        Assert.Empty(fields); // the last record ends with CRLF
        return rows;
    }
}

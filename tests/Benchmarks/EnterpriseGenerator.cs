using System.Text;

namespace SmePlatform.Benchmarks;

/// <summary>One generated enterprise, with the fields the register stores (before size classification).</summary>
public sealed record GeneratedEnterprise(
    Guid Id, string Uscc, string Name, string Ward, string IndustryCode, int Employees, decimal AnnualRevenue, decimal TotalAssets,
    decimal RegisteredCapital, string LegalRepresentative, string Address, string LegalForm, string OwnershipType, string Category,
    DateOnly FoundingDate, string ContactPhone, DateTimeOffset RegisteredAt);

/// <summary>
/// Realistic enterprises for the register at scale, deterministic per index (enterprise i is the same on every run, so a
/// partly loaded register is topped up, not duplicated).
/// <list type="bullet">
/// <item>Wards: the 13 wards and counties. The domain sources give no count of firms per ward (docs/domain.md names them, and
/// 002 says only that about 400 SMEs stayed under the city and the rest were delegated to the wards), so the weights are
/// ours: the industrial west (Tiexi) and the central commercial wards heaviest, the four counties lightest.</item>
/// <item>Industries: GB/T 4754-2017 classes of the divisions the seeds and the China 2003 rule set name (manufacturing
/// C13–C43 with machinery, equipment and metal products heaviest, as in Shenyang; construction E; wholesale F51 and retail
/// F52; transport G5x; hotels and restaurants H), plus services the rule set does not cover (I, L, M, O), which the
/// register stores unclassified with a reason.</item>
/// <item>Size: skewed to micro and small (about 80% under 20 employees), revenue and assets following employees with
/// a spread per industry.</item>
/// <item>Names: 沈阳 + a two- or three-character trade name from common parts + the industry's word + the legal form
/// (有限公司, 股份有限公司 …); individual households as ward + trade name + shop word.</item>
/// <item>USCC: GB 32100-2015 with a valid check character (9 = industry and commerce; 1 = enterprise, 2 = individual
/// household), the ward's administrative division, and an organisation code unique per index.</item>
/// </list>
/// </summary>
public static class EnterpriseGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Code, name, division, weight (out of 100).</summary>
    public static readonly (string Code, string Name, string Division, int Weight)[] Wards =
    [
        ("heping", "和平区", "210102", 11), ("shenhe", "沈河区", "210103", 11), ("dadong", "大东区", "210104", 8),
        ("huanggu", "皇姑区", "210105", 9), ("tiexi", "铁西区", "210106", 14), ("sujiatun", "苏家屯区", "210111", 5),
        ("dongling", "东陵区", "210112", 9), ("xinchengzi", "新城子区", "210113", 6), ("yuhong", "于洪区", "210114", 9),
        ("liaozhong", "辽中县", "210122", 4), ("kangping", "康平县", "210123", 3), ("faku", "法库县", "210124", 3),
        ("xinmin", "新民市", "210181", 8),
    ];

    /// <summary>GB/T 4754 class, the word in the name, weight, revenue per employee (CNY), assets ÷ revenue.</summary>
    public static readonly (string Code, string Word, int Weight, decimal RevenuePerHead, decimal AssetRatio)[] Industries =
    [
        ("C3311", "金属结构", 4, 420_000m, 0.9m), ("C3411", "锅炉设备", 2, 480_000m, 1.1m), ("C3421", "机床", 4, 450_000m, 1.2m),
        ("C3444", "液压机械", 3, 430_000m, 1.0m), ("C3511", "矿山机械", 3, 470_000m, 1.1m), ("C3572", "农业机械", 2, 380_000m, 0.9m),
        ("C3670", "汽车零部件", 4, 520_000m, 1.0m), ("C3811", "电机", 2, 460_000m, 1.0m), ("C3821", "变压器", 2, 500_000m, 1.1m),
        ("C3911", "计算机", 1, 600_000m, 0.8m), ("C3971", "电子元件", 2, 400_000m, 0.9m), ("C2929", "新材料", 2, 440_000m, 1.0m),
        ("C2614", "化工", 2, 650_000m, 1.2m), ("C2710", "制药", 1, 700_000m, 1.4m), ("C1391", "食品", 3, 350_000m, 0.7m),
        ("C1810", "服装", 3, 200_000m, 0.6m), ("C2231", "包装", 2, 300_000m, 0.8m), ("C3021", "水泥制品", 2, 380_000m, 1.3m),
        ("C2411", "文具", 1, 250_000m, 0.6m), ("C2110", "家具", 2, 280_000m, 0.8m),
        ("E4710", "建筑工程", 6, 380_000m, 1.1m), ("E4910", "建筑安装", 3, 300_000m, 0.9m), ("E5011", "装饰工程", 4, 260_000m, 0.6m),
        ("F5123", "粮油", 3, 1_400_000m, 0.4m), ("F5175", "五金交电", 4, 1_200_000m, 0.5m), ("F5191", "商贸", 7, 1_500_000m, 0.4m),
        ("F5211", "百货", 4, 600_000m, 0.5m), ("F5221", "超市", 3, 500_000m, 0.5m), ("F5261", "汽车销售", 2, 2_000_000m, 0.6m),
        ("G5430", "物流", 4, 450_000m, 1.2m), ("G5421", "货运", 3, 400_000m, 1.3m), ("G5411", "客运", 1, 300_000m, 1.5m),
        ("H6110", "酒店", 2, 180_000m, 2.0m), ("H6210", "餐饮", 6, 150_000m, 0.7m),
        ("I6510", "软件", 3, 350_000m, 0.6m), ("I6531", "信息技术", 3, 320_000m, 0.6m),
        ("L7212", "企业管理咨询", 3, 260_000m, 0.5m), ("M7320", "工程技术", 2, 300_000m, 0.8m), ("O8011", "家政服务", 2, 90_000m, 0.3m),
    ];

    private static readonly string TradeChars =
        "恒达鑫盛华兴泰丰隆昌宏远东方博瑞天诚信德安康明辉金鼎鹏飞凯旋嘉禾永利佳润新世纪宇航中正北辰盛源汇通广源瑞祥锦程亿嘉" +
        "友谊联合众诚合力通达顺发富强振兴宝龙聚鑫腾飞凯达海川吉祥益民大成长城福瑞鸿运和信天成金桥银河星辉云峰";

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    private static readonly string GivenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志宏玉兰";
    private static readonly string[] Streets = ["中山路", "北京街", "南京街", "青年大街", "北二路", "建设大路", "兴华街", "沈辽路", "黄河大街", "长江街", "崇山路", "文化路", "南八马路", "卫工街", "保工街"];
    private static readonly (string Form, string Suffix, int Weight)[] LegalForms =
    [
        ("limited-liability", "有限公司", 62), ("joint-stock", "股份有限公司", 3), ("private", "有限公司", 6), ("partnership", "合伙企业", 2),
        ("collective", "有限公司", 1), ("state-owned", "有限公司", 1), ("wholly-foreign-owned", "有限公司", 1), ("individual-household", "", 24),
    ];

    private static readonly int WardTotal = Wards.Sum(w => w.Weight);
    private static readonly int IndustryTotal = Industries.Sum(i => i.Weight);
    private static readonly int FormTotal = LegalForms.Sum(f => f.Weight);
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static GeneratedEnterprise Generate(long index)
    {
        // One seeded generator per enterprise: deterministic per index, independent of the order of generation.
        var random = new Random(unchecked((int)(index * 2654435761L ^ 0x5EED)));
        var ward = Wards[Pick(random, WardTotal, Wards.Select(w => w.Weight))];
        var industry = Industries[Pick(random, IndustryTotal, Industries.Select(i => i.Weight))];
        var form = LegalForms[Pick(random, FormTotal, LegalForms.Select(f => f.Weight))];
        var household = form.Form == "individual-household";

        // Employees: a heavy tail (Pareto-like); households stay tiny.
        var u = random.NextDouble();
        var employees = household
            ? 1 + random.Next(8)
            : Math.Min(5000, (int)Math.Round(2 / Math.Pow(1 - u, 0.85)) + random.Next(3));
        var revenue = Math.Round(employees * industry.RevenuePerHead * (decimal)(0.4 + random.NextDouble() * 1.4), 2);
        var assets = Math.Round(revenue * industry.AssetRatio * (decimal)(0.5 + random.NextDouble()), 2);
        var capital = household ? 0m : Math.Round(Math.Max(100_000m, assets * 0.2m) / 10_000m) * 10_000m;

        var trade = new StringBuilder(3);
        trade.Append(TradeChars[random.Next(TradeChars.Length)]).Append(TradeChars[random.Next(TradeChars.Length)]);
        if (random.Next(5) == 0)
        {
            trade.Append(TradeChars[random.Next(TradeChars.Length)]);
        }

        var name = household
            ? $"{ward.Name}{trade}{ShopWord(industry.Code)}"
            : $"{(random.Next(6) == 0 ? "沈阳市" : "沈阳")}{trade}{industry.Word}{form.Suffix}";
        var representative = Surnames[random.Next(Surnames.Length)] + GivenChars[random.Next(GivenChars.Length)]
            + (random.Next(2) == 0 ? GivenChars[random.Next(GivenChars.Length)].ToString() : "");
        var founded = new DateOnly(1985, 1, 1).AddDays(random.Next(365 * 40));
        var registeredAt = Epoch.AddSeconds(index * 0.5);
        var phone = $"024-{2000_0000 + random.Next(8000_0000)}";
        var ownership = form.Form switch
        {
            "state-owned" => "state",
            "collective" => "collective",
            "wholly-foreign-owned" => "foreign",
            "individual-household" => "personal",
            _ => "private",
        };

        return new GeneratedEnterprise(
            Guid.CreateVersion7(registeredAt),
            Uscc(household ? "92" : "91", ward.Division, index),
            name,
            ward.Code,
            industry.Code,
            employees,
            revenue,
            assets,
            capital,
            representative,
            $"沈阳市{ward.Name}{Streets[random.Next(Streets.Length)]}{1 + random.Next(300)}号",
            form.Form,
            ownership,
            household ? "individual-household" : "legal-person-enterprise",
            founded,
            phone,
            registeredAt);
    }

    /// <summary>A name part a user would type to find an enterprise: its trade name with the city, or with the industry word.</summary>
    public static string NameQuery(long index, Random random)
    {
        var enterprise = Generate(index);
        var name = enterprise.Name;
        var start = name.StartsWith("沈阳市", StringComparison.Ordinal) ? 3 : name.StartsWith("沈阳", StringComparison.Ordinal) ? 2 : 0;
        if (start == 0)
        {
            // A household: ward name + trade name.
            return name[..Math.Min(name.Length, 5)];
        }

        return random.Next(2) == 0 ? name[..(start + 2)] : name.Substring(start, Math.Min(4, name.Length - start));
    }

    /// <summary>The first two characters of the trade name (恒达): what a clerk types for a bare trade name; no trigram in it.</summary>
    public static string ShortNameQuery(long index)
    {
        var enterprise = Generate(index);
        var name = enterprise.Name;
        var start = name.StartsWith("沈阳市", StringComparison.Ordinal) ? 3
            : name.StartsWith("沈阳", StringComparison.Ordinal) ? 2
            : Wards.First(w => w.Code == enterprise.Ward).Name.Length;
        return name.Substring(start, 2);
    }

    private static string ShopWord(string industry) => industry[0] switch
    {
        'H' => "小吃店",
        'F' => "便利店",
        'C' => "加工部",
        'E' => "装修队",
        'G' => "运输户",
        _ => "服务部",
    };

    private static int Pick(Random random, int total, IEnumerable<int> weights)
    {
        var target = random.Next(total);
        var i = 0;
        foreach (var weight in weights)
        {
            if (target < weight)
            {
                return i;
            }

            target -= weight;
            i++;
        }

        return i - 1;
    }

    /// <summary>GB 32100-2015: registration authority and kind, division, an organisation code unique per index ("Y" + 8 base-31), check.</summary>
    public static string Uscc(string authorityAndKind, string division, long index)
    {
        var organisation = new char[9];
        organisation[0] = 'Y';
        var n = index;
        for (var i = 8; i >= 1; i--)
        {
            organisation[i] = Alphabet[(int)(n % 31)];
            n /= 31;
        }

        var body = authorityAndKind + division + new string(organisation);
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            sum += Alphabet.IndexOf(body[i], StringComparison.Ordinal) * Weights[i];
        }

        return body + Alphabet[(31 - sum % 31) % 31];
    }
}

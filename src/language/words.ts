/**
 * Short lists of very frequent words (function words mostly) per language, written for mediamon.
 * A word listed for several languages counts for each of them; its weight is shared among them.
 */

export const COMMON_WORDS: Readonly<Record<string, string>> = {
  ru: 'и в не на что он с как это по но из его к у за от о же так все она бы было был была ты мы вы они она только еще ещё уже если или когда чтобы даже этот эта этого году года который которые которая также может быть были очень где при после через между более свой своей нет для до без под над себя тем того чем что-то кто какой него нее её ему них их всех время сказал россии является словам сейчас здесь тогда потому почему',
  uk: 'і й в у на не що з за як це до від по та але його її він вона вони ми ви ти був була було були бути також який яка які якщо коли щоб вже ще тільки має може для між після через під над без про році року цього цей ця ці свою своїх їх нього неї йому було є там тут тому чому де хто де україни',
  be: 'і й у ў на не што з за як гэта да ад па але яго яе ён яна яны мы вы ты быў была было былі таксама які якая якія калі каб ужо яшчэ толькі для паміж пасля праз пад над без пра годзе года гэтага гэты гэтая свае іх яму ёсць там тут таму чаму дзе хто вельмі беларусі',
  bg: 'и в не на че се да за от с е са по като това той тя те ние вие ти беше бяха бил била било са ще би ли но или когато ако още само вече със към през при между след преди без над под който която което които му ѝ им го я ги тук там защото къде кой кога много година години',
  mk: 'и во не на дека се да за од со е се по како ова тој таа тие ние вие ти беше беа бил била било ќе би ли но или кога ако уште само веќе кон низ при меѓу по пред без над под кој која кое кои му ѝ им го ја ги тука таму зашто каде многу година години',
  sr: 'и у не на да се за од са је су по као ово он она они ми ви ти био била било били ће би ли али или када ако још само већ ка кроз при између после пре без над под који која које којих му јој им га је их ту тамо јер где много године године',
  kk: 'және мен бен пен да де та те бұл ол олар біз сіз сен жылы жыл үшін деп бар жоқ болып болды еді екен мен сол осы бір екі көп қазақстан оның оны оған туралы арқылы кейін дейін бойынша ретінде емес әр барлық қазір',
  en: 'the of and to a in is that it was for on are as with he she they be at by this had not but from or have an which one you were her his all there been their has would when who will more no if out so said what up its about than into them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still see own men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three',
  de: 'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an er hat aus bei sind wird oder nach war um am sie noch wie einem über einen so zum kann vor zur bis nur mehr durch wurde wenn sein aber ihre ich sind haben hatte schon jahr jahren unter dass werden wurden diese dieser dieses man ihr kein keine sehr zwischen gegen ohne seit wieder immer',
  fr: 'de la le et les des en un du une que est pour qui dans par sur au plus pas ne ce il se sont avec son sa ses aux ou mais été comme nous vous ils elle leur leurs cette ces tout tous fait être peut entre aussi dont sans sous après avant très bien où même deux ans lui était avait ont avoir déjà encore',
  es: 'de la que el en y a los del se las por un para con no una su al es lo como más pero sus le ya o fue este ha sí porque esta son entre cuando muy sin sobre también me hasta hay donde han desde todo nos durante todos uno les ni contra otros ese eso había ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar años',
  it: 'di e il la che in a per un è del non una le si con da al i della lo dei gli come ma più anche nel alla delle o sono ha questo era nella degli sul tra dal suo sua loro ci ne se essere stato stata questa dopo prima quando già molto tutti tutto anni fu ancora sempre senza perché dove cui uno due',
  pl: 'i w na z się nie do to że jest o a jak po ale co od za tak przez jego jej dla już tylko jako był była było były być może oraz lub przy gdy ich tym też czy który która które którzy bardzo roku lat pod nad bez przed między według jeszcze tego tej ten ta te jednak są został została mnie',
  cs: 'a v se na je že s z do to o k i jako by ale za jeho její jsou byl byla bylo byly být pro jak po od které který která kteří tak už jen také nebo při když jsem ve ze před mezi podle ještě tento tato toto tyto však roce let bez pod nad není může této tím jejich jim mu',
};

/** Per-language word sets, built once. */
export const COMMON_WORD_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(COMMON_WORDS).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

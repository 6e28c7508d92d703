<?xml version='1.0' encoding='UTF-8'?>
<wfs:FeatureCollection xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/wfs http://schemas.opengis.net/wfs/1.1.0/wfs.xsd http://www.deegree.org/app http://geodienste.hamburg.de/HH_WFS_Schulen?SERVICE=WFS&amp;VERSION=1.1.0&amp;REQUEST=DescribeFeatureType&amp;OUTPUTFORMAT=text%2Fxml%3B+subtype%3Dgml%2F3.1.1&amp;TYPENAME=app:hh_schulen_dwh&amp;NAMESPACE=xmlns(app=http%3A%2F%2Fwww.deegree.org%2Fapp)" xmlns:wfs="http://www.opengis.net/wfs" timeStamp="2016-05-10T19:19:34Z" xmlns:gml="http://www.opengis.net/gml">
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45808">
      <app:Name>Zukunftsschule Alsterpalais (Stadtteilschule)</app:Name>
      <app:Schul_ID>8502-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Alsterdorfer Straße 523</app:Adresse>
      <app:Ort>22337 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Alsterdorf</app:stadtteil>
      <app:Telefon>+40 40 529 85-157</app:Telefon>
      <app:FAX>+49 40 529 85-184</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.flachsland-hamburg.de</app:internet>
      <app:email>primar.alsterpalais@flachsland-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-nord-beratung/">ReBBZ Nord&lt;/a></app:name_rebbz>
      <app:schueleranzahl>22</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45808_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45808_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>567991.000 5941534.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45809">
      <app:Name>Christian- Morgenstern- Schule (Stadtteilschule)</app:Name>
      <app:Schul_ID>8501-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Heinrichstraße 14a</app:Adresse>
      <app:Ort>22769 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Eimsbüttel</app:stadtteil>
      <app:Telefon>+49 40 41 35 94-44</app:Telefon>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:email>mail@innerestadt.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:schueleranzahl>69</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45809_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45809_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>563420.000 5935668.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45810">
      <app:Name>Privates Abendgymnasium Brecht</app:Name>
      <app:Schul_ID>8405-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Norderstraße 163- 165</app:Adresse>
      <app:Ort>20097 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>St. Georg</app:stadtteil>
      <app:Telefon>+ 49 40 21 11 12-0</app:Telefon>
      <app:FAX>+49 40 21 11 12-20</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.brecht-schulen.de</app:internet>
      <app:email>info@brecht-schulen.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Mitte</app:name_rebbz>
      <app:schueleranzahl>277</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45810_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45810_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>567459.000 5934056.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45811">
      <app:Name>Bilinguales Gymnasium Phorms Hamburg</app:Name>
      <app:Schul_ID>8302-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Wendenstraße 35-43</app:Adresse>
      <app:Ort>20097 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Hammerbrook</app:stadtteil>
      <app:Telefon>+49 40 32537050</app:Telefon>
      <app:FAX>+49 40 325 370-55</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.hamburg.phorms.de</app:internet>
      <app:email>hamburg@phorms.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Mitte</app:name_rebbz>
      <app:schueleranzahl>40</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45811_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45811_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>568046.000 5933663.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45812">
      <app:Name>Jenisch-Gymnasium</app:Name>
      <app:Schul_ID>8301-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>Gymnasien</app:Schulicon>
      <app:Adresse>Jenischstraße 48</app:Adresse>
      <app:Ort>22609 Hamburg</app:Ort>
      <app:bezirk>Altona</app:bezirk>
      <app:stadtteil>Osdorf</app:stadtteil>
      <app:Telefon>+49 40 8 26 00-2</app:Telefon>
      <app:FAX>+49 40 8 23 33-7</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.jenisch-gymnasium.de/</app:internet>
      <app:email>info@jenisch-gymnasium.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Altona-West</app:name_rebbz>
      <app:schueleranzahl>307</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45812_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45812_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>556603.000 5935187.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45813">
      <app:Name>Wichern-Schule (Grundschule)</app:Name>
      <app:Schul_ID>8204-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Horner Weg 164</app:Adresse>
      <app:Ort>22111 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Horn</app:stadtteil>
      <app:Telefon>+49 40 655 91-191</app:Telefon>
      <app:FAX>+49 40 655 91-256</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:email>wichern-schule@rauheshaus.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Billstedt</app:name_rebbz>
      <app:schueleranzahl>283</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45813_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45813_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>570869.000 5934552.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45814">
      <app:Name>Wichern-Schule (Gymnasium)</app:Name>
      <app:Schul_ID>8202-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Horner Weg 164</app:Adresse>
      <app:Ort>22111 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Horn</app:stadtteil>
      <app:Telefon>+49 40 6 55 91-190</app:Telefon>
      <app:FAX>+49 40 6 55 91-256</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.wichern-schule.de</app:internet>
      <app:email>wichern-schule@rauheshaus.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Billstedt</app:name_rebbz>
      <app:schueleranzahl>736</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45814_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45814_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>570869.000 5934552.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45815">
      <app:Name>Wichern-Schule (Stadtteilschule)</app:Name>
      <app:Schul_ID>8201-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Horner Weg 164</app:Adresse>
      <app:Ort>22111 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Horn</app:stadtteil>
      <app:Telefon>+49 40 6 55 91-191</app:Telefon>
      <app:FAX>+49 40 6 55 91-256</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.wichern-schule.de</app:internet>
      <app:email>wichern-schule@rauheshaus.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Billstedt</app:name_rebbz>
      <app:schueleranzahl>609</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45815_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45815_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>570869.000 5934552.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45816">
      <app:Name>Haus des Lernens</app:Name>
      <app:Schul_ID>8118-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Lienaustraße 1418</app:Adresse>
      <app:Ort>22159 Hamburg</app:Ort>
      <app:bezirk>Wandsbek</app:bezirk>
      <app:stadtteil>Farmsen-Berne</app:stadtteil>
      <app:Telefon>6 38 56 - 990</app:Telefon>
      <app:FAX>6 38 56 - 9929</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>schule-hh@haus-des-lernens.org</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-wandsbek-nord-beratung/">ReBBZ Wandsbek-Nord&lt;/a></app:name_rebbz>
      <app:schueleranzahl>14</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45816_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45816_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>574344.000 5942710.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45817">
      <app:Name>Michael Schule</app:Name>
      <app:Schul_ID>8117-0</app:Schul_ID>
      <app:Schulform>Sonderschulen</app:Schulform>
      <app:Schulicon>Sonderschulen</app:Schulicon>
      <app:Adresse>Woellmerstraße 1</app:Adresse>
      <app:Ort>21075 Hamburg</app:Ort>
      <app:bezirk>Harburg</app:bezirk>
      <app:stadtteil>Heimfeld</app:stadtteil>
      <app:Telefon>+49 40 70973778-0</app:Telefon>
      <app:FAX>+49 40 70973778-19</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>mail@michaelschule.net</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.frieda-stoppenbrink-schule.de">ReBBZ Süderelbe&lt;/a></app:name_rebbz>
      <app:schueleranzahl>112</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45817_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45817_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>563704.000 5924463.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45818">
      <app:Name>Rudolf-Steiner-Schule Bergedorf</app:Name>
      <app:Schul_ID>8115-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Am Brink 7</app:Adresse>
      <app:Ort>21029 Hamburg</app:Ort>
      <app:bezirk>Bergedorf</app:bezirk>
      <app:stadtteil>Bergedorf</app:stadtteil>
      <app:Telefon>7 21 22 22</app:Telefon>
      <app:FAX>+49 40 721 22-41</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:email>email@waldorfschule-bergedorf.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Bergedorf</app:name_rebbz>
      <app:schueleranzahl>423</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45818_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45818_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>580740.000 5926926.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45819">
      <app:Name>Rudolf-Steiner-Schule Harburg</app:Name>
      <app:Schul_ID>8114-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Ehestorfer Heuweg 82</app:Adresse>
      <app:Ort>21149 Hamburg</app:Ort>
      <app:bezirk>Harburg</app:bezirk>
      <app:stadtteil>Hausbruch</app:stadtteil>
      <app:Telefon>+49 40 797 18 10</app:Telefon>
      <app:FAX>+49 40 797 18 20</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:email>mail@rudolfsteinerschule-harburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.frieda-stoppenbrink-schule.de">ReBBZ Süderelbe&lt;/a></app:name_rebbz>
      <app:schueleranzahl>475</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45819_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45819_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>559209.000 5923948.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45820">
      <app:Name>Rudolf-Steiner-Schule Altona</app:Name>
      <app:Schul_ID>8113-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Bleickenallee 1</app:Adresse>
      <app:Ort>22763 Hamburg</app:Ort>
      <app:bezirk>Altona</app:bezirk>
      <app:stadtteil>Ottensen</app:stadtteil>
      <app:Telefon>+49 40 4 10 09-93</app:Telefon>
      <app:FAX>+49 40 4 10 09-950</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.waldorfschule-altona.de/</app:internet>
      <app:email>mail@waldorfschule-altona.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Altona</app:name_rebbz>
      <app:schueleranzahl>418</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45820_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45820_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>561089.000 5933912.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45821">
      <app:Name>Rudolf-Steiner-Schule Bergstedt</app:Name>
      <app:Schul_ID>8112-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Bergstedter Chaussee 207</app:Adresse>
      <app:Ort>22395 Hamburg</app:Ort>
      <app:bezirk>Wandsbek</app:bezirk>
      <app:stadtteil>Bergstedt</app:stadtteil>
      <app:Telefon>645 08 20</app:Telefon>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.steinerschule-bergstedt.de</app:internet>
      <app:email>info@steinerschule-bergstedt.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-wandsbek-nord-beratung/">ReBBZ Wandsbek-Nord&lt;/a></app:name_rebbz>
      <app:schueleranzahl>493</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45821_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45821_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>575030.000 5948108.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45822">
      <app:Name>Friedrich-Robbe-Institut</app:Name>
      <app:Schul_ID>8106-0</app:Schul_ID>
      <app:Schulform>Sonderschulen</app:Schulform>
      <app:Schulicon>Sonderschulen</app:Schulicon>
      <app:Adresse>Bärenallee 15</app:Adresse>
      <app:Ort>22041 Hamburg</app:Ort>
      <app:bezirk>Wandsbek</app:bezirk>
      <app:stadtteil>Marienthal</app:stadtteil>
      <app:Telefon>+49 40 68 44 55</app:Telefon>
      <app:FAX>+49 40 6 52 87 62</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.friedrich-robbe-institut.de</app:internet>
      <app:email>mail@robbe-institut.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-wandsbek-sued-beratung/">ReBBZ Wandsbek-Süd&lt;/a></app:name_rebbz>
      <app:schueleranzahl>95</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45822_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45822_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>570426.000 5936170.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45823">
      <app:Name>Rudolf-Steiner-Schule Nienstedten</app:Name>
      <app:Schul_ID>8102-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Elbchaussee 366</app:Adresse>
      <app:Ort>22609 Hamburg</app:Ort>
      <app:bezirk>Altona</app:bezirk>
      <app:stadtteil>Nienstedten</app:stadtteil>
      <app:Telefon>+49 40 8 22 40-00</app:Telefon>
      <app:FAX>+49 40 8 22 40-024</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.waldorfschule-nienstedten.de</app:internet>
      <app:email>mail@waldorfschule-nienstedten.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Altona-West</app:name_rebbz>
      <app:schueleranzahl>520</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45823_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45823_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>556697.000 5933689.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45824">
      <app:Name>Rudolf-Steiner-Schule Wandsbek</app:Name>
      <app:Schul_ID>8101-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Rahlstedter Weg 60</app:Adresse>
      <app:Ort>22159 Hamburg</app:Ort>
      <app:bezirk>Wandsbek</app:bezirk>
      <app:stadtteil>Farmsen-Berne</app:stadtteil>
      <app:Telefon>+49 40 64 58 95-0</app:Telefon>
      <app:FAX>+49 40 64 58 95-20</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.waldorfschule-wandsbek.de/</app:internet>
      <app:email>schule@waldorfschule-wandsbek.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-wandsbek-sued-beratung/">ReBBZ Wandsbek-Süd&lt;/a></app:name_rebbz>
      <app:schueleranzahl>949</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45824_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45824_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>574586.000 5939924.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45825">
      <app:Name>August-Hermann-Francke-Schule Bergedorf</app:Name>
      <app:Schul_ID>8016-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>Glasbläserhöfe 2</app:Adresse>
      <app:Ort>21035 Hamburg</app:Ort>
      <app:bezirk>Bergedorf</app:bezirk>
      <app:stadtteil>Bergedorf</app:stadtteil>
      <app:Telefon>+49 40 64664802</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://ahfs-hamburg.de/cms/bergedorf/</app:internet>
      <app:email>info@ahfs-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Bergedorf</app:name_rebbz>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45825_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45825_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>579703.000 5926684.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45826">
      <app:Name>August-Hermann-Francke-Schule Berne</app:Name>
      <app:Schul_ID>8015-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>Berner Allee 20a</app:Adresse>
      <app:Ort>22159 Hamburg</app:Ort>
      <app:bezirk>Wandsbek</app:bezirk>
      <app:stadtteil>Farmsen-Berne</app:stadtteil>
      <app:Telefon>+49 40 64 42 82-42</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>info@ahfs-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-wandsbek-sued-beratung/">ReBBZ Wandsbek-Süd&lt;/a></app:name_rebbz>
      <app:schueleranzahl>114</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45826_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45826_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>574974.000 5942822.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45827">
      <app:Name>August-Hermann-Francke-Schule Bahrenfeld</app:Name>
      <app:Schul_ID>8014-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>Händelstraße 11</app:Adresse>
      <app:Ort>22761 Hamburg</app:Ort>
      <app:bezirk>Altona</app:bezirk>
      <app:stadtteil>Bahrenfeld</app:stadtteil>
      <app:Telefon>+49 40 88 16 81-85</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>info@ahfs-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Altona</app:name_rebbz>
      <app:schueleranzahl>77</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45827_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45827_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>560121.000 5935172.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45828">
      <app:Name>Lycée Français de Hambourg 'Antoine de St. Exupéry' (Grundschule)</app:Name>
      <app:Schul_ID>8013-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Hartsprung 23</app:Adresse>
      <app:Ort>22529 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Lokstedt</app:stadtteil>
      <app:Telefon>+49 40 79 01 47-0</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>info@lfh.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:schueleranzahl>354</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45828_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45828_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>563421.000 5939905.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45829">
      <app:Name>August-Hermann-Francke-Schule Uhlenhorst</app:Name>
      <app:Schul_ID>8012-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Bachstraße 13-15</app:Adresse>
      <app:Ort>22083 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Barmbek-Süd</app:stadtteil>
      <app:Telefon>+49 40 28 00 27-81</app:Telefon>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:email>info@ahfs-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-winterhude">ReBBZ Winterhude&lt;/a></app:name_rebbz>
      <app:schueleranzahl>324</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45829_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45829_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>568133.000 5936538.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45830">
      <app:Name>Schule der Islamischen Republik Iran</app:Name>
      <app:Schul_ID>8011-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>Steenwisch 101</app:Adresse>
      <app:Ort>22527 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Stellingen</app:stadtteil>
      <app:Telefon>040/98266982</app:Telefon>
      <app:rechtsform>sonstige Ergänzungsschule</app:rechtsform>
      <app:internet>http://irisbs.ir</app:internet>
      <app:email>momeni_m20@yahoo.com</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45830_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45830_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>562648.000 5937561.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45831">
      <app:Name>Freie Schule Hamburg e.V.</app:Name>
      <app:Schul_ID>8010-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>Am Veringhof 9</app:Adresse>
      <app:Ort>21107 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Wilhelmsburg</app:stadtteil>
      <app:Telefon>+49 40 3 19 76 - 983</app:Telefon>
      <app:rechtsform>eingetragene Ergänzungsschule</app:rechtsform>
      <app:internet>http://www.freie-schule-hamburg.de</app:internet>
      <app:email>Freie-Schule-Hamburg@gmx.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Wilhelmsburg</app:name_rebbz>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45831_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45831_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>565322.000 5929885.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45832">
      <app:Name>August-Hermann-Francke-Schule Farmsen</app:Name>
      <app:Schul_ID>8008-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>August-Krogmann-Straße 115</app:Adresse>
      <app:Ort>22159 Hamburg</app:Ort>
      <app:bezirk>Wandsbek</app:bezirk>
      <app:stadtteil>Farmsen-Berne</app:stadtteil>
      <app:Telefon>+49 40 64 55 22 82</app:Telefon>
      <app:FAX>+49 40 64 55 22-87</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.ahfs-hamburg.de</app:internet>
      <app:email>info@ahfs-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-wandsbek-sued-beratung/">ReBBZ Wandsbek-Süd&lt;/a></app:name_rebbz>
      <app:schueleranzahl>104</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45832_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45832_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>573702.000 5941256.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45833">
      <app:Name>Joseph-Carlebach-Schule (Stadtteilschule)</app:Name>
      <app:Schul_ID>8007-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Grindelhof 30</app:Adresse>
      <app:Ort>20146 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Rotherbaum</app:stadtteil>
      <app:Telefon>+49 40 44 09 44 11</app:Telefon>
      <app:FAX>+49 40 44 09 44 12</app:FAX>
      <app:rechtsform>staatlich anerkannte Ersatzschule</app:rechtsform>
      <app:internet>http://www.jcsh.de</app:internet>
      <app:email>info@jcsh.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:schueleranzahl>33</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45833_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45833_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>565147.000 5935980.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45834">
      <app:Name>Joseph-Carlebach-Schule (Grundschule)</app:Name>
      <app:Schul_ID>8004-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Grindelhof 30</app:Adresse>
      <app:Ort>20146 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Rotherbaum</app:stadtteil>
      <app:Telefon>+49 40 44 09 44 11</app:Telefon>
      <app:FAX>+49 40 44 09 44 12</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.jcsh.de</app:internet>
      <app:email>info@jcsh.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:schueleranzahl>79</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45834_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45834_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>565147.000 5935980.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45835">
      <app:Name>Lycée Français de Hambourg 'Antoine de St. Exupéry' (Gymnasium)</app:Name>
      <app:Schul_ID>8003-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Hartsprung 23</app:Adresse>
      <app:Ort>22529 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Lokstedt</app:stadtteil>
      <app:Telefon>+49 40 79 01 47-0</app:Telefon>
      <app:FAX>+49 40 79 01 47-56</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.lfh.de</app:internet>
      <app:email>info@lfh.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:schueleranzahl>339</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45835_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45835_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>563421.000 5939905.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45836">
      <app:Name>Internationale Schule</app:Name>
      <app:Schul_ID>8001-0</app:Schul_ID>
      <app:Schulform>Stadtteilschulen</app:Schulform>
      <app:Schulicon>Stadtteilschulen</app:Schulicon>
      <app:Adresse>Hemmingstedter Weg 130</app:Adresse>
      <app:Ort>22609 Hamburg</app:Ort>
      <app:bezirk>Altona</app:bezirk>
      <app:stadtteil>Osdorf</app:stadtteil>
      <app:Telefon>+49 40 800 05-00</app:Telefon>
      <app:rechtsform>anerkannte Ergänzungsschule</app:rechtsform>
      <app:internet>http://www.ishamburg.org</app:internet>
      <app:email>info@ishamburg.org</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Altona-West</app:name_rebbz>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45836_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45836_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>557023.000 5935519.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45837">
      <app:Name>Hamburger private Berufsfachschule für sozialpädagogische Assistenz</app:Name>
      <app:Schul_ID>7927-0</app:Schul_ID>
      <app:Schulform>Berufliche Schulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Wendenstraße 4</app:Adresse>
      <app:Ort>20097 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Hammerbrook</app:stadtteil>
      <app:Telefon>+49 40 309 786-22</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.eso.de/hamburg</app:internet>
      <app:email>info@hfs.hamburg.eso.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ohne ReBBZ</app:name_rebbz>
      <app:schueleranzahl>45</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45837_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45837_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>567896.000 5933568.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45838">
      <app:Name>TechnikerFachschulen gGmbH Fachschule für Technik</app:Name>
      <app:Schul_ID>7926-0</app:Schul_ID>
      <app:Schulform>Berufliche Schulen</app:Schulform>
      <app:Schulicon>Berufliche Schulen</app:Schulicon>
      <app:Adresse>Kapstadtring 10</app:Adresse>
      <app:Ort>22297 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Winterhude</app:stadtteil>
      <app:Telefon>+49 40 6378 4350</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>techniker@t-a-nord.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ohne ReBBZ</app:name_rebbz>
      <app:schueleranzahl>28</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45838_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45838_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>568001.000 5939954.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45839">
      <app:Name>Senator Berufsschule für Pflege (Gesundheits- und Pflegeassistenz)</app:Name>
      <app:Schul_ID>7925-0</app:Schul_ID>
      <app:Schulform>Berufliche Schulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Haferweg 38</app:Adresse>
      <app:Ort>22769 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Stellingen</app:stadtteil>
      <app:Telefon>+49 40 4 68 99 89-0</app:Telefon>
      <app:FAX>+49 40 4 68 99 89-49</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.senator-berufsschule.de</app:internet>
      <app:email>hamburg@senator-berufsschule.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ohne ReBBZ</app:name_rebbz>
      <app:schueleranzahl>31</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45839_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45839_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>562102.000 5936356.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45840">
      <app:Name>OKO Private School Talent-Schule Hamburg</app:Name>
      <app:Schul_ID>7924-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Saarlandstraße 30</app:Adresse>
      <app:Ort>22303 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Barmbek-Nord</app:stadtteil>
      <app:Telefon>+49 40 53283260</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.talent-schule.com</app:internet>
      <app:email>info@talent-schule.com</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-winterhude">ReBBZ Winterhude&lt;/a></app:name_rebbz>
      <app:schueleranzahl>81</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45840_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45840_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>568427.000 5938134.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45841">
      <app:Name>Hamburger private Fachschule für Sozialpädagogik</app:Name>
      <app:Schul_ID>7923-0</app:Schul_ID>
      <app:Schulform>Berufliche Schulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Wendenstraße 4</app:Adresse>
      <app:Ort>20097 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Hammerbrook</app:stadtteil>
      <app:Telefon>+49 40 309 78622</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.hamburg.eso-berufsausbildung.de</app:internet>
      <app:email>info@hfs.hamburg.eso.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ohne ReBBZ</app:name_rebbz>
      <app:schueleranzahl>58</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45841_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45841_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>567896.000 5933568.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45842">
      <app:Name>Moderne Schule Hamburg (Gymnasium)</app:Name>
      <app:Schul_ID>7921-0</app:Schul_ID>
      <app:Schulform>Gymnasien</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Brödermannsweg 17</app:Adresse>
      <app:Ort>22453 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Groß Borstel</app:stadtteil>
      <app:Telefon>67381670</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>info@moderne-schule-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-nord-beratung/">ReBBZ Nord&lt;/a></app:name_rebbz>
      <app:schueleranzahl>41</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45842_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45842_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>564750.000 5940118.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45843">
      <app:Name>Moderne Schule Hamburg (Grundschule)</app:Name>
      <app:Schul_ID>7920-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Brödermannsweg 17</app:Adresse>
      <app:Ort>22453 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Groß Borstel</app:stadtteil>
      <app:Telefon>67381670</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>info@moderne-schule-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-nord-beratung/">ReBBZ Nord&lt;/a></app:name_rebbz>
      <app:schueleranzahl>84</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45843_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45843_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>564750.000 5940118.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45844">
      <app:Name>Grone Altenpflegeschule Hamburg</app:Name>
      <app:Schul_ID>7919-0</app:Schul_ID>
      <app:Schulform>Berufliche Schulen</app:Schulform>
      <app:Schulicon>Berufliche Schulen</app:Schulicon>
      <app:Adresse>Heinrich-Grone-Stieg 1</app:Adresse>
      <app:Ort>20097 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Hammerbrook</app:stadtteil>
      <app:Telefon>+49 40 237 03-501</app:Telefon>
      <app:FAX>+49 40 237 03-500</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>altenpflege.hamburg@grone.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ohne ReBBZ</app:name_rebbz>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45844_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45844_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>567738.000 5933547.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45845">
      <app:Name>Bilinguale Grundschule PHORMS Hamburg</app:Name>
      <app:Schul_ID>7918-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Wendenstraße 35-43</app:Adresse>
      <app:Ort>20097 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Mitte</app:bezirk>
      <app:stadtteil>Hammerbrook</app:stadtteil>
      <app:Telefon>32537050</app:Telefon>
      <app:FAX>+40 40 325 370-55</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.hamburg.phorms.de</app:internet>
      <app:email>hamburg@phorms.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Mitte</app:name_rebbz>
      <app:schueleranzahl>157</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45845_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45845_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>568046.000 5933663.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45846">
      <app:Name>Zukunftsschule Alsterpalais (Grundschule)</app:Name>
      <app:Schul_ID>7917-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>mehrere Schulen</app:Schulicon>
      <app:Adresse>Alsterdorfer Straße 523</app:Adresse>
      <app:Ort>22337 Hamburg</app:Ort>
      <app:bezirk>Hamburg-Nord</app:bezirk>
      <app:stadtteil>Alsterdorf</app:stadtteil>
      <app:Telefon>+49 40 529 85 157</app:Telefon>
      <app:FAX>+49 40 529 85 167</app:FAX>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:internet>http://www.flachsland-hamburg.de</app:internet>
      <app:email>primar.alsterpalais@flachsland-hamburg.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>&lt;a href="http://www.hamburg.de/rebbz-nord-beratung/">ReBBZ Nord&lt;/a></app:name_rebbz>
      <app:schueleranzahl>79</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45846_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45846_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>567991.000 5941534.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
  <gml:featureMember>
    <app:hh_schulen_dwh xmlns:app="http://www.deegree.org/app" gml:id="APP_HH_SCHULEN_DWH_45847">
      <app:Name>Monaddrei-Schule Hamburg</app:Name>
      <app:Schul_ID>7916-0</app:Schul_ID>
      <app:Schulform>Grundschulen</app:Schulform>
      <app:Schulicon>Grundschulen</app:Schulicon>
      <app:Adresse>Schäferkampsallee 27</app:Adresse>
      <app:Ort>20357 Hamburg</app:Ort>
      <app:bezirk>Eimsbüttel</app:bezirk>
      <app:stadtteil>Eimsbüttel</app:stadtteil>
      <app:Telefon>+49 40 533 08 37-0</app:Telefon>
      <app:rechtsform>staatlich genehmigte Ersatzschule</app:rechtsform>
      <app:email>info@monaddrei.de</app:email>
      <app:is_rebbz>false</app:is_rebbz>
      <app:name_rebbz>ReBBZ Eimsbüttel</app:name_rebbz>
      <app:schueleranzahl>66</app:schueleranzahl>
      <app:schueleranzahl_schuljahr>2013</app:schueleranzahl_schuljahr>
      <app:the_geom>
        <!--Inlined geometry 'APP_HH_SCHULEN_DWH_45847_APP_THE_GEOM'-->
        <gml:Point gml:id="APP_HH_SCHULEN_DWH_45847_APP_THE_GEOM" srsName="EPSG:25832">
          <gml:pos>564093.000 5935922.000</gml:pos>
        </gml:Point>
      </app:the_geom>
    </app:hh_schulen_dwh>
  </gml:featureMember>
</wfs:FeatureCollection>
